package io.finport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a template must guard before CloudFormation creates anything, read as an AWS reviewer would: parameters that
 * cannot be combined wrongly, HTTPS-only finAPI URLs, a full secret ARN, one API stage, START/REPORT lines, log
 * groups with retention, partition-aware ARNs, an API function that ends before API Gateway gives up, and nothing
 * that prints non-JSON lines into the JSON logs. Each check returns problems, so tests can also show that a broken
 * template is caught.
 */
final class TemplateGuards {
    static final String FUNCTION = "AWS::Serverless::Function";
    static final int API_GATEWAY_TIMEOUT_SECONDS = 29;

    private final ObjectNode template;

    TemplateGuards(ObjectNode template) {
        this.template = template;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        pollWaits(problems);
        finapiUrls(problems);
        secretArn(problems);
        apiStage(problems);
        logging(problems);
        partition(template, "", problems);
        apiTimeout(problems);
        return problems;
    }

    /** The Rules reject exactly the (min, max) pairs with min > max, the defaults pass, and both have a MaxValue. */
    void pollWaits(List<String> problems) {
        JsonNode min = parameter("PollMinWaitSeconds");
        JsonNode max = parameter("PollMaxWaitSeconds");
        for (JsonNode p : List.of(min, max)) {
            if (!p.has("MinValue") || !p.has("MaxValue")) problems.add("wait parameters need MinValue and MaxValue");
        }
        if (!problems.isEmpty()) return;
        int wrong = 0;
        String example = null;
        for (int lo = min.path("MinValue").asInt(); lo <= min.path("MaxValue").asInt(); lo++) {
            for (int hi = max.path("MinValue").asInt();
                    hi <= max.path("MaxValue").asInt();
                    hi++) {
                boolean accepted = rulesAccept(
                        Map.of("PollMinWaitSeconds", Integer.toString(lo), "PollMaxWaitSeconds", Integer.toString(hi)));
                if (accepted != (lo <= hi)) {
                    wrong++;
                    if (example == null) example = "min " + lo + ", max " + hi + (accepted ? " accepted" : " rejected");
                }
            }
        }
        if (wrong > 0) problems.add("Rules decide min <= max wrongly for " + wrong + " pairs, e.g. " + example);
        if (!rulesAccept(Map.of())) problems.add("the default parameters break the Rules");
        if (min.path("Default").asInt() > max.path("Default").asInt())
            problems.add("default min wait > default max wait");
    }

    /** https:// only, the http switch for a local simulator is separate, named as such and off by default. */
    void finapiUrls(List<String> problems) {
        for (String name : List.of("FinapiAccessBaseUrl", "FinapiWebFormBaseUrl")) {
            JsonNode p = parameter(name);
            Pattern allowed = Pattern.compile(p.path("AllowedPattern").asText("(?s).*"));
            if (!p.path("Default").asText().startsWith("https://")) problems.add(name + " default is not https://");
            if (allowed.matcher("http://finapi.example").matches()) problems.add(name + " accepts http://");
            if (!allowed.matcher("https://live.finapi.io").matches()) problems.add(name + " rejects https://");
        }
        JsonNode local = parameter("LocalTestingOnlyInsecureFinapiUrl");
        if (local.isMissingNode() || !local.path("Default").asText("x").isEmpty()) {
            problems.add("the http:// switch for local testing must exist and be empty by default");
        }
    }

    void secretArn(List<String> problems) {
        Pattern allowed = Pattern.compile(
                parameter("FinapiClientSecretArn").path("AllowedPattern").asText("(?s).*"));
        if (!allowed.matcher(
                        "arn:aws:secretsmanager:eu-central-1:123456789012:secret:finport/finapi-credentials-AbC123")
                .matches()) {
            problems.add("FinapiClientSecretArn rejects a full ARN");
        }
        for (String partial : List.of(
                "arn:aws:secretsmanager:eu-central-1:123456789012:secret:finport/finapi-credentials",
                "arn:aws:secretsmanager:eu-central-1:123456789012:secret:finport/*")) {
            if (allowed.matcher(partial).matches())
                problems.add("FinapiClientSecretArn accepts a partial ARN: " + partial);
        }
    }

    void apiStage(List<String> problems) {
        if (template.at("/Globals/Api/OpenApiVersion").asText().isEmpty()) {
            problems.add("Globals.Api.OpenApiVersion is unset: SAM adds a second stage named Stage");
        }
    }

    /** START/REPORT lines kept, an explicit log group with the retention parameter per function, JSON lines only. */
    void logging(List<String> problems) {
        JsonNode globals = template.at("/Globals/Function");
        if (!globals.at("/LoggingConfig/SystemLogLevel").asText().equals("INFO")) {
            problems.add("SystemLogLevel must be INFO (WARN drops START/REPORT and SnapStart restore lines)");
        }
        if (parameter("LogRetentionDays").path("Default").asInt() != 30)
            problems.add("LogRetentionDays default is not 30");
        functions().forEach((id, function) -> {
            String group = refTarget(function.at("/Properties/LoggingConfig/LogGroup"));
            JsonNode resource = template.path("Resources").path(group == null ? "" : group);
            if (!resource.path("Type").asText().equals("AWS::Logs::LogGroup")) {
                problems.add(id + " has no explicit log group");
            } else if (!"LogRetentionDays".equals(refTarget(resource.at("/Properties/RetentionInDays")))) {
                problems.add(group + " does not keep logs for LogRetentionDays");
            }
            if (environment(function).containsKey("JAVA_TOOL_OPTIONS")) {
                problems.add(id + ": JAVA_TOOL_OPTIONS makes the JVM print 'Picked up ...' into the JSON logs");
            }
        });
    }

    void apiTimeout(List<String> problems) {
        int globalTimeout = template.at("/Globals/Function/Timeout").asInt(3);
        functions().forEach((id, function) -> {
            boolean api = function.at("/Properties/Events").findValues("Type").stream()
                    .anyMatch(t -> t.asText().equals("Api"));
            int timeout = function.at("/Properties/Timeout").asInt(globalTimeout);
            if (api && timeout > API_GATEWAY_TIMEOUT_SECONDS - 1) {
                problems.add(id + " Timeout " + timeout + " s: API Gateway answers 504 after "
                        + API_GATEWAY_TIMEOUT_SECONDS + " s");
            }
        });
    }

    /** No string names the aws partition itself: ARNs are built with ${AWS::Partition}. */
    static void partition(JsonNode node, String path, List<String> problems) {
        if (node.isTextual() && node.asText().contains("arn:aws:")) problems.add(path + " hard-codes arn:aws:");
        node.properties().forEach(e -> partition(e.getValue(), path + "/" + e.getKey(), problems));
        if (node.isArray()) for (int i = 0; i < node.size(); i++) partition(node.get(i), path + "/" + i, problems);
    }

    // ---- Rules evaluation (the rule-specific intrinsic functions this template uses) -------------------------

    boolean rulesAccept(Map<String, String> values) {
        Map<String, String> all = new HashMap<>();
        template.path("Parameters")
                .properties()
                .forEach(e -> all.put(e.getKey(), e.getValue().path("Default").asText()));
        all.putAll(values);
        for (var rule : template.path("Rules").properties()) {
            JsonNode condition = rule.getValue().path("RuleCondition");
            if (!condition.isMissingNode() && !truth(evaluate(condition, all))) continue;
            for (JsonNode assertion : rule.getValue().path("Assertions")) {
                if (!truth(evaluate(assertion.path("Assert"), all))) return false;
            }
        }
        return true;
    }

    private static boolean truth(Object value) {
        if (value instanceof Boolean b) return b;
        throw new IllegalStateException("a rule condition is not a boolean: " + value);
    }

    private static Object evaluate(JsonNode node, Map<String, String> values) {
        if (node.isTextual()) return node.asText();
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(evaluate(n, values)));
            return list;
        }
        if (node.isObject() && node.size() == 1) {
            var only = node.properties().iterator().next();
            JsonNode args = only.getValue();
            switch (only.getKey()) {
                case "Ref": {
                    String value = values.get(args.asText());
                    if (value == null) throw new IllegalStateException("Ref to unknown parameter " + args.asText());
                    return value;
                }
                case "Fn::Equals":
                    return evaluate(args.get(0), values).equals(evaluate(args.get(1), values));
                case "Fn::Not":
                    return !truth(evaluate(args.get(0), values));
                case "Fn::And": {
                    boolean all = true;
                    for (JsonNode a : args) all &= truth(evaluate(a, values));
                    return all;
                }
                case "Fn::Or": {
                    boolean any = false;
                    for (JsonNode a : args) any |= truth(evaluate(a, values));
                    return any;
                }
                case "Fn::Contains":
                    return ((List<?>) evaluate(args.get(0), values)).contains(evaluate(args.get(1), values));
                default:
                    throw new IllegalStateException("rule function not evaluated here: " + only.getKey());
            }
        }
        return node.toString();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private JsonNode parameter(String name) {
        return template.path("Parameters").path(name);
    }

    Map<String, JsonNode> functions() {
        Map<String, JsonNode> functions = new java.util.TreeMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(FUNCTION)) functions.put(e.getKey(), e.getValue());
        });
        return functions;
    }

    private Map<String, JsonNode> environment(JsonNode function) {
        Map<String, JsonNode> env = new HashMap<>();
        template.at("/Globals/Function/Environment/Variables")
                .properties()
                .forEach(e -> env.put(e.getKey(), e.getValue()));
        function.at("/Properties/Environment/Variables").properties().forEach(e -> env.put(e.getKey(), e.getValue()));
        return env;
    }

    private static String refTarget(JsonNode node) {
        return node.has("Ref") ? node.get("Ref").asText() : null;
    }
}
