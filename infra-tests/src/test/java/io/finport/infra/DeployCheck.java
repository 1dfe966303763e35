package io.finport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deploy check without AWS: reads the CloudFormation template `sam deploy` would create (translated by SAM's own
 * translator, scripts/lib/sam_translate.py) and the packages `sam build` wrote, and checks what only shows on a real
 * account: every function's handler class is in its package and builds there (SnapStart priming included), its
 * package holds the SDK modules of the services it calls and none its code cannot reach, it is at most 10 MB zipped
 * (issue 13's target; {@link PackageZip}), every environment variable
 * the code needs is set, every AWS operation the code calls (recorded per function in the local stack's end-to-end
 * run, AwsCallRecorder) is allowed by the function's role on the resource the code is configured with, the state
 * machine's substitutions resolve to the functions' live aliases it may invoke, and the API has one stage.
 *
 * <p>Usage: DeployCheck TRANSLATED_JSON --recorded CALLS [--java JAVA] [--without-env FUNCTION:VAR] [--without-policy FUNCTION:N]
 * [--handler FUNCTION:CLASS::METHOD] [--max-zipped-mb MB] [--no-probes]. The --without/--handler options change the
 * translated template first, to show that the check catches a removed variable, policy or handler; --max-zipped-mb
 * lowers the size limit, to show that it catches a package over it; --no-probes skips starting a JVM per package.
 */
public final class DeployCheck {
    /** SDK module (package jar name) → IAM service prefix. */
    static final Map<String, String> MODULES = Map.of(
            "dynamodb",
            "dynamodb",
            "sfn",
            "states",
            "sns",
            "sns",
            "secretsmanager",
            "secretsmanager",
            "kms",
            "kms",
            "s3",
            "s3");
    /**
     * IAM service → the environment variables that name the resources the code calls it on (WorkflowConfig,
     * RefreshConfig); the variable the function has set names its resource.
     */
    static final Map<String, List<String>> RESOURCE_VARIABLES = Map.of(
            "dynamodb",
            List.of("TABLE_NAME"),
            "states",
            List.of("STATE_MACHINE_ARN", "REFRESH_STATE_MACHINE_ARN"),
            "sns",
            List.of("TOPIC_ARN"),
            "secretsmanager",
            List.of("FINAPI_CLIENT_SECRET_ARN"),
            "kms",
            List.of("USER_PASSWORD_KEY_ID"),
            "s3",
            List.of("REFRESH_BUCKET"));
    /** SDK operations whose IAM action has another name. */
    static final Map<String, String> ACTIONS = Map.of(
            "s3:ListObjectsV2", "s3:ListBucket", "s3:HeadObject", "s3:GetObject", "s3:HeadBucket", "s3:ListBucket");
    /** Set by Lambda itself in every function. */
    static final Set<String> LAMBDA_VARIABLES = Set.of("AWS_REGION", "AWS_DEFAULT_REGION");

    private static final Pattern ENV_READ = Pattern.compile(
            "(required\\(env, |whereUsed\\(env, |getOrDefault\\(|env\\.get\\()\"([A-Z0-9_]+)\"(, \"([^\"]*)\")?");

    private final JsonNode template;
    private final Map<String, Set<String>> recorded;
    private final WorkflowSources sources = new WorkflowSources(RepoRoot.find());
    private final List<String> problems = new ArrayList<>();
    private final List<String> passed = new ArrayList<>();
    private long maxZippedBytes = PackageZip.TARGET_BYTES;

    DeployCheck(JsonNode template, Map<String, Set<String>> recorded) {
        this.template = template;
        this.recorded = recorded;
    }

    public static void main(String[] args) throws Exception {
        ObjectNode template =
                (ObjectNode) new ObjectMapper().readTree(Path.of(args[0]).toFile());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, Set<String>> recorded = new TreeMap<>();
        boolean probes = true;
        long maxZippedBytes = PackageZip.TARGET_BYTES;
        for (int i = 1; i < args.length; i += 2) {
            if (args[i].equals("--no-probes")) {
                probes = false;
                i--;
                continue;
            }
            if (args[i].equals("--max-zipped-mb")) {
                maxZippedBytes = Math.round(Double.parseDouble(args[i + 1]) * 1024 * 1024);
                continue;
            }
            String[] target = args[i + 1].split(":", 2);
            JsonNode props = template.at("/Resources/" + target[0] + "/Properties");
            switch (args[i]) {
                case "--java" -> java = args[i + 1];
                case "--recorded" ->
                    Files.readAllLines(Path.of(args[i + 1])).stream()
                            .map(l -> l.split(" ", 2))
                            .forEach(l -> recorded.computeIfAbsent(l[0], f -> new TreeSet<>())
                                    .add(l[1]));
                case "--without-env" -> ((ObjectNode) props.at("/Environment/Variables")).remove(target[1]);
                case "--without-policy" ->
                    ((ArrayNode) template.at("/Resources/" + target[0] + "Role/Properties/Policies"))
                            .remove(Integer.parseInt(target[1]));
                case "--handler" -> ((ObjectNode) props).put("Handler", target[1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        DeployCheck check = new DeployCheck(template, recorded);
        check.maxZippedBytes = maxZippedBytes;
        check.run(probes ? java : null);
        check.passed.forEach(p -> System.out.println("  ok   " + p));
        check.problems.forEach(p -> System.out.println("  FAIL " + p));
        System.out.println(
                "Deploy check: " + check.passed.size() + " checks passed, " + check.problems.size() + " failed");
        System.exit(check.problems.isEmpty() ? 0 : 1);
    }

    void run(String java) throws IOException, InterruptedException {
        Map<String, EnvRead> reads = environmentReads();
        resources("AWS::Lambda::Function").forEach((id, function) -> {
            try {
                checkFunction(id, function, reads, java);
            } catch (IOException e) {
                problems.add(id + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add(id + ": interrupted");
            }
        });
        checkStateMachines();
        // One stage per REST API (SAM adds an implicit "Stage" next to v1 unless told otherwise).
        Map<String, Long> stagesPerApi = new TreeMap<>();
        resources("AWS::ApiGateway::Stage")
                .values()
                .forEach(stage -> stagesPerApi.merge(
                        String.valueOf(refTarget(stage.at("/Properties/RestApiId"))), 1L, Long::sum));
        int apis = resources("AWS::ApiGateway::RestApi").size();
        record(
                stagesPerApi.size() == apis && stagesPerApi.values().stream().allMatch(n -> n == 1),
                "one stage per API (" + apis + " APIs, stages " + stagesPerApi + ")");
    }

    private void checkFunction(String id, JsonNode function, Map<String, EnvRead> reads, String java)
            throws IOException, InterruptedException {
        JsonNode props = function.path("Properties");
        Path pkg = Path.of(template.path("x-finport-packages").path(id).asText());
        String handler = props.path("Handler").asText().replaceFirst("::.*$", "");
        if (!Files.isRegularFile(pkg.resolve(handler.replace('.', '/') + ".class"))) {
            problems.add(id + ": handler class " + handler + " is not in its package " + pkg);
            return;
        }
        long zipped = PackageZip.zippedBytes(pkg);
        record(
                zipped <= maxZippedBytes,
                id + ": package is " + PackageZip.megabytes(zipped) + " zipped (at most "
                        + PackageZip.megabytes(maxZippedBytes) + ")");
        // What the code calls: the AWS operations its handler made in the local stack's end-to-end run.
        Set<String> calls = recorded.getOrDefault(id, Set.of());
        if (calls.isEmpty())
            System.out.println("  note " + id + ": no AWS call recorded for it (run the local-stack tests)");
        Map<String, Set<String>> operations = new TreeMap<>();
        for (String call : calls) {
            String[] parts = call.split(":", 2);
            String service = MODULES.get(parts[0].toLowerCase(Locale.ROOT));
            if (service == null) throw new IllegalStateException("an SDK service the check does not know: " + call);
            operations.computeIfAbsent(service, s -> new TreeSet<>()).add(parts[1]);
        }
        Set<String> reachable = sources.servicesReachableFrom(handler);
        Set<String> packaged = new TreeSet<>();
        try (Stream<Path> jars = Files.list(pkg.resolve("lib"))) {
            jars.map(j -> j.getFileName().toString().replaceFirst("-[0-9][^-]*\\.jar$", ""))
                    .filter(MODULES::containsKey)
                    .forEach(m -> packaged.add(MODULES.get(m)));
        }
        record(
                packaged.containsAll(operations.keySet()),
                id + ": package holds the SDK modules of the services it calls " + operations.keySet()
                        + (packaged.containsAll(operations.keySet()) ? "" : ", has " + packaged));
        record(
                reachable.containsAll(packaged),
                id + ": package holds no SDK module its code cannot reach "
                        + (reachable.containsAll(packaged) ? "" : packaged + " vs reachable " + reachable));

        JsonNode env = props.at("/Environment/Variables");
        for (var read : reads.values()) {
            // Required: always needed. Where used (or read with an empty default): needed where the function calls
            // the service whose resource it names (or everywhere, if it names none).
            boolean resourceOfReachable = operations.keySet().stream()
                    .anyMatch(s -> RESOURCE_VARIABLES.getOrDefault(s, List.of()).contains(read.name()));
            boolean resourceVariable = RESOURCE_VARIABLES.values().stream().anyMatch(v -> v.contains(read.name()));
            boolean needed = read.required()
                    || read.whereUsed()
                            && (resourceOfReachable || !resourceVariable)
                            && !alternativeSet(read.name(), env);
            if (needed && !LAMBDA_VARIABLES.contains(read.name())) {
                record(env.has(read.name()), id + ": environment variable " + read.name() + " is set");
            }
        }

        JsonNode role = template.at("/Resources/" + refTarget(props.path("Role")) + "/Properties/Policies");
        operations.forEach((service, ops) -> {
            List<String> resources = resources(service, env);
            for (String operation : ops) {
                String action = ACTIONS.getOrDefault(service + ":" + operation, service + ":" + operation);
                record(
                        resources.stream().anyMatch(r -> allows(role, action, r)),
                        id + ": role allows " + action + " on "
                                + (resources.isEmpty() ? "null" : String.join(" or ", resources)));
            }
        });
        // The local stack runs every handler in one JVM, so cached secrets and passwords are fetched by the first
        // function only: a packaged service without a recorded call must still be usable on its configured resource.
        for (String service : packaged) {
            if (operations.containsKey(service)) continue;
            List<String> resources = resources(service, env);
            if (resources.isEmpty()) {
                // e.g. a wiring class that catches one of the module's exceptions: loaded, never called
                System.out.println("  note " + id + ": holds the " + service + " module with no call recorded and no "
                        + service + " resource configured");
                continue;
            }
            record(
                    resources.stream().anyMatch(r -> allows(role, service + ":*", r)),
                    id + ": role allows some " + service + " action on " + resources
                            + " (its package holds the module; no call recorded)");
        }

        if (java == null) return; // --no-probes
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-cp",
                        pkg + ":" + pkg.resolve("lib") + "/*:" + probeClasses(),
                        HandlerProbe.class.getName(),
                        handler)
                .redirectErrorStream(true);
        // The function's own variables (placeholder values: nothing is called), as Lambda would set them.
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("FINAPI_"));
        env.properties().forEach(e -> builder.environment().put(e.getKey(), placeholder(e.getKey(), e.getValue())));
        builder.environment().put("AWS_REGION", "eu-central-1");
        Process probe = builder.start();
        String output;
        try (var in = probe.getInputStream()) {
            output = new String(in.readAllBytes());
        }
        boolean ended = probe.waitFor(60, TimeUnit.SECONDS);
        record(
                ended && probe.exitValue() == 0,
                id + ": " + handler + " builds and primes in its own package"
                        + (ended && probe.exitValue() == 0
                                ? ""
                                : ": " + output.strip().lines().limit(3).toList()));
    }

    private void checkStateMachines() {
        resources("AWS::StepFunctions::StateMachine").forEach((id, machine) -> {
            JsonNode subs = machine.at("/Properties/DefinitionSubstitutions");
            String definition;
            try {
                definition = Files.readString(
                        Path.of(template.path("x-finport-definitions").path(id).asText()));
            } catch (IOException e) {
                problems.add(id + ": definition not readable: " + e.getMessage());
                return;
            }
            Matcher placeholder = Pattern.compile("\\$\\{(\\w+)}").matcher(definition);
            Set<String> used = new TreeSet<>();
            while (placeholder.find()) used.add(placeholder.group(1));
            JsonNode policies =
                    template.at("/Resources/" + refTarget(machine.at("/Properties/RoleArn")) + "/Properties/Policies");
            for (String name : used) {
                JsonNode value = subs.path(name);
                String target = refTarget(value);
                if (name.endsWith("FunctionArn")) {
                    JsonNode alias = template.at("/Resources/" + target);
                    boolean isAlias = alias.path("Type").asText().equals("AWS::Lambda::Alias");
                    String function = refTarget(alias.at("/Properties/FunctionName"));
                    record(isAlias, id + ": ${" + name + "} resolves to a live alias (" + target + ")");
                    if (isAlias) {
                        record(
                                allows(policies, "lambda:InvokeFunction", function),
                                id + ": role may invoke " + function + " (through its alias)");
                    }
                } else {
                    record(!value.isMissingNode(), id + ": ${" + name + "} has a substitution");
                }
            }
        });
    }

    /** A value as the deployed function would see it: the parameter's default where the variable names one. */
    private String placeholder(String name, JsonNode value) {
        String parameter = value.has("Ref") ? value.get("Ref").asText() : null;
        String fallback = template.at("/Parameters/" + parameter + "/Default").asText("");
        if (parameter != null && !fallback.isEmpty()) return fallback;
        return name.endsWith("_URL")
                ? "https://deploy-check.invalid"
                : name.endsWith("_SECONDS") ? "60" : "deploy-check";
    }

    /** The resources the function's set variables name for the service (logical ids or parameter names). */
    private static List<String> resources(String service, JsonNode env) {
        List<String> resources = new ArrayList<>();
        for (String variable : RESOURCE_VARIABLES.getOrDefault(service, List.of())) {
            String target = refTarget(env.path(variable));
            if (target != null) resources.add(target);
        }
        return resources;
    }

    /** Another variable for the same service is set (e.g. the refresh state machine instead of the import one). */
    private static boolean alternativeSet(String variable, JsonNode env) {
        return RESOURCE_VARIABLES.values().stream()
                .filter(v -> v.contains(variable))
                .anyMatch(v -> v.stream().anyMatch(other -> !other.equals(variable) && env.has(other)));
    }

    /** A statement allows the action (exactly or by a trailing *) on a resource expression that names the resource. */
    private static boolean allows(JsonNode policies, String action, String resource) {
        for (JsonNode policy : policies) {
            for (JsonNode statement : asList(policy.at("/PolicyDocument/Statement"))) {
                if (!statement.path("Effect").asText().equals("Allow")) continue;
                // "service:*" asks for any action of the service
                boolean actionAllowed = asList(statement.path("Action")).stream()
                        .map(JsonNode::asText)
                        .anyMatch(a -> a.equals(action)
                                || a.endsWith("*") && action.startsWith(a.substring(0, a.length() - 1))
                                || action.endsWith(":*") && a.startsWith(action.substring(0, action.length() - 1)));
                if (actionAllowed
                        && resource != null
                        && statement.path("Resource").toString().contains("\"" + resource + "\"")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** required: every function needs it; whereUsed: the functions that call the service whose resource it names. */
    record EnvRead(String name, boolean required, boolean whereUsed) {}

    /** Environment variables WorkflowConfig reads; required when read without a usable default. */
    private static Map<String, EnvRead> environmentReads() throws IOException {
        String source = Files.readString(RepoRoot.find()
                .resolve("functions/import-workflow/src/main/java/io/finport/workflow/config/WorkflowConfig.java"));
        // RefreshConfig's variables are checked as resource variables above (REFRESH_BUCKET,
        // REFRESH_STATE_MACHINE_ARN).
        Map<String, EnvRead> reads = new TreeMap<>();
        Matcher read = ENV_READ.matcher(source);
        while (read.find()) {
            reads.merge(
                    read.group(2),
                    new EnvRead(
                            read.group(2),
                            read.group(1).startsWith("required"),
                            read.group(1).startsWith("whereUsed") || "".equals(read.group(4))),
                    (a, b) -> new EnvRead(a.name(), a.required() || b.required(), a.whereUsed() || b.whereUsed()));
        }
        return reads;
    }

    private Map<String, JsonNode> resources(String type) {
        Map<String, JsonNode> found = new TreeMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) found.put(e.getKey(), e.getValue());
        });
        return found;
    }

    private static String refTarget(JsonNode node) {
        if (node.isTextual()) return node.asText();
        if (node.has("Ref")) return node.get("Ref").asText();
        if (node.has("Fn::GetAtt")) return node.get("Fn::GetAtt").get(0).asText();
        return null;
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node.isArray()) node.forEach(list::add);
        else if (!node.isMissingNode()) list.add(node);
        return list;
    }

    private static String probeClasses() {
        try {
            return Path.of(HandlerProbe.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void record(boolean ok, String what) {
        (ok ? passed : problems).add(what);
    }
}
