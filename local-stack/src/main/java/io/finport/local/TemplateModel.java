package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of template.yaml the local stack deploys, read from the file itself so there is no second,
 * hand-written copy of the stack. CloudFormation short-form tags (!Ref X) read as their plain value (X), which
 * is all the local stack needs: the names of the resources they point to.
 */
public record TemplateModel(
        Map<String, FunctionDef> functions,
        TableDef table,
        StateMachineDef stateMachine,
        StateMachineDef refreshStateMachine,
        String bucketLogicalId,
        String topicLogicalId,
        SubscriptionDef emailSubscription,
        Set<String> globalEnvironment,
        List<ExecutionStatusRule> executionStatusRules) {

    private static final Set<String> SUPPORTED = Set.of(
            "AWS::Serverless::Function",
            "AWS::Serverless::Api",
            "AWS::Serverless::StateMachine",
            "AWS::DynamoDB::Table",
            "AWS::KMS::Key",
            "AWS::SNS::Topic",
            "AWS::SNS::Subscription",
            "AWS::Logs::LogGroup",
            "AWS::S3::Bucket",
            // The callback API (plain API Gateway resources and its invoke permission): the local API server serves
            // its route, POST /callbacks/finapi/{token}, without IAM auth as API Gateway does.
            "AWS::ApiGateway::RestApi",
            "AWS::ApiGateway::Resource",
            "AWS::ApiGateway::Method",
            "AWS::ApiGateway::Deployment",
            "AWS::ApiGateway::Stage",
            "AWS::Lambda::Permission");
    private static final String REFRESH_DEFINITION = "refresh-workflow.asl.json";

    public record FunctionDef(String logicalId, String handlerClass, Set<String> environment) {}

    public record TableDef(
            String logicalId,
            JsonNode keySchema,
            JsonNode attributeDefinitions,
            String ttlAttribute,
            boolean pointInTimeRecovery) {}

    /**
     * substitutions: placeholder → referenced logical id, e.g. StartImportFunctionArn → StartImportFunction.Alias.
     * The import workflow is {@link #stateMachine}; the refresh workflow (statemachine/refresh-workflow.asl.json),
     * whose substitutions also name the import workflow, is {@link #refreshStateMachine}.
     */
    public record StateMachineDef(String logicalId, Path definitionFile, Map<String, String> substitutions) {}

    public record SubscriptionDef(String logicalId, String filterPolicy, String filterPolicyScope) {}

    /** A function's EventBridgeRule on Step Functions "Execution Status Change" events, with the statuses it matches. */
    public record ExecutionStatusRule(String functionLogicalId, Set<String> statuses) {}

    public static TemplateModel load(Path templateFile) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(templateFile.toFile());
        JsonNode resources = root.path("Resources");
        Set<String> globalEnv = new LinkedHashSet<>();
        root.path("Globals")
                .path("Function")
                .path("Environment")
                .path("Variables")
                .fieldNames()
                .forEachRemaining(globalEnv::add);

        Map<String, FunctionDef> functions = new LinkedHashMap<>();
        TableDef table = null;
        StateMachineDef stateMachine = null;
        StateMachineDef refreshStateMachine = null;
        String bucket = null;
        String topic = null;
        SubscriptionDef subscription = null;
        List<String> unsupported = new ArrayList<>();
        List<ExecutionStatusRule> statusRules = new ArrayList<>();
        for (var it = resources.fields(); it.hasNext(); ) {
            var entry = it.next();
            String id = entry.getKey();
            JsonNode resource = entry.getValue();
            String type = resource.path("Type").asText();
            JsonNode props = resource.path("Properties");
            if (!SUPPORTED.contains(type)) {
                unsupported.add(id + " (" + type + ")");
                continue;
            }
            switch (type) {
                case "AWS::Serverless::Function" -> {
                    String handler = props.path("Handler").asText();
                    Set<String> env = new LinkedHashSet<>(globalEnv);
                    props.path("Environment").path("Variables").fieldNames().forEachRemaining(env::add);
                    functions.put(id, new FunctionDef(id, handler.replaceAll("::.*$", ""), env));
                    props.path("Events").forEach(event -> {
                        JsonNode pattern = event.path("Properties").path("Pattern");
                        if (event.path("Type").asText().equals("EventBridgeRule")
                                && pattern.path("detail-type")
                                        .toString()
                                        .contains("Step Functions Execution Status Change")) {
                            Set<String> statuses = new LinkedHashSet<>();
                            pattern.path("detail").path("status").forEach(st -> statuses.add(st.asText()));
                            statusRules.add(new ExecutionStatusRule(id, statuses));
                        }
                    });
                }
                case "AWS::DynamoDB::Table" ->
                    table = new TableDef(
                            id,
                            props.path("KeySchema"),
                            props.path("AttributeDefinitions"),
                            props.path("TimeToLiveSpecification")
                                    .path("AttributeName")
                                    .asText(null),
                            props.path("PointInTimeRecoverySpecification")
                                    .path("PointInTimeRecoveryEnabled")
                                    .asBoolean(false));
                case "AWS::Serverless::StateMachine" -> {
                    Map<String, String> subs = new LinkedHashMap<>();
                    props.path("DefinitionSubstitutions")
                            .fields()
                            .forEachRemaining(
                                    e -> subs.put(e.getKey(), e.getValue().asText()));
                    StateMachineDef def = new StateMachineDef(
                            id,
                            templateFile
                                    .getParent()
                                    .resolve(props.path("DefinitionUri").asText()),
                            subs);
                    if (props.path("DefinitionUri").asText().endsWith(REFRESH_DEFINITION)) refreshStateMachine = def;
                    else stateMachine = def;
                }
                case "AWS::S3::Bucket" -> bucket = id;
                case "AWS::SNS::Topic" -> topic = id;
                case "AWS::SNS::Subscription" ->
                    subscription = new SubscriptionDef(
                            id,
                            props.path("FilterPolicy").isMissingNode()
                                    ? null
                                    : props.path("FilterPolicy").toString(),
                            props.path("FilterPolicyScope").asText("MessageAttributes"));
                default -> {
                    /* Api is served by the local API server; the KMS key is created on demand; logs go to the console */
                }
            }
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalStateException(
                    "template.yaml has resources the local stack cannot create: " + unsupported);
        }
        if (table == null || stateMachine == null || topic == null) {
            throw new IllegalStateException("template.yaml lacks the table, the state machine or the topic");
        }
        return new TemplateModel(
                functions,
                table,
                stateMachine,
                refreshStateMachine,
                bucket,
                topic,
                subscription,
                globalEnv,
                List.copyOf(statusRules));
    }
}
