package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.SandboxOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * A small CloudFormation for moto: creates template.yaml's resources (table, key, client secret, topic, functions with
 * their live alias, the state machines) under names with a fresh suffix, so runs never share state.
 */
final class TemplateDeployer {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    private final TemplateModel model;
    private final LocalAwsClients clients;

    TemplateDeployer(TemplateModel model, LocalAwsClients clients) {
        this.model = model;
        this.clients = clients;
    }

    DeployedStack deploy() throws IOException {
        String suffix = Long.toString(System.nanoTime(), 36);
        String tableName = createTable(suffix);
        String keyId = clients.kms()
                .createKey(b -> b.description("finport local user passwords"))
                .keyMetadata()
                .keyId();
        String secretArn = clients.secrets()
                .createSecret(b -> b.name("finport/finapi-client-" + suffix)
                        .secretString("{\"clientId\":\"" + SandboxOptions.DEFAULT_CLIENT_ID + "\",\"clientSecret\":\""
                                + SandboxOptions.DEFAULT_CLIENT_SECRET + "\"}"))
                .arn();
        String topicArn = clients.sns()
                .createTopic(b -> b.name("finport-" + model.topicLogicalId() + "-" + suffix))
                .topicArn();
        NotificationMirrors.Queues queues = new NotificationMirrors(
                        clients.sqs(), clients.sns(), model.emailSubscription())
                .subscribe(topicArn, suffix);

        String roleArn = clients.iam()
                .createRole(b -> b.roleName("finport-local-" + suffix)
                        .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"))
                .role()
                .arn();
        Map<String, String> functionArns = createFunctions(roleArn);
        String definition = substitute(model.stateMachine(), functionArns);
        String stateMachineArn = clients.sfn()
                .createStateMachine(b -> b.name(model.stateMachine().logicalId() + "-" + suffix)
                        .definition(definition)
                        .roleArn(roleArn)
                        .type(StateMachineType.STANDARD))
                .stateMachineArn();
        RefreshResources refresh = null;
        if (model.refreshStateMachine() != null) {
            Map<String, String> targets = new HashMap<>(functionArns);
            targets.put(model.stateMachine().logicalId(), stateMachineArn);
            refresh = RefreshResources.deploy(model, clients.s3(), clients.sfn(), roleArn, suffix, bucket -> {
                targets.put(model.bucketLogicalId(), bucket);
                return substitute(model.refreshStateMachine(), targets);
            });
        }
        return new DeployedStack(
                tableName,
                topicArn,
                queues.emailQueueUrl(),
                queues.allNotificationsQueueUrl(),
                stateMachineArn,
                secretArn,
                keyId,
                functionArns,
                refresh);
    }

    private String createTable(String suffix) {
        TemplateModel.TableDef t = model.table();
        String tableName = "finport-" + t.logicalId() + "-" + suffix;
        clients.dynamoDb()
                .createTable(b -> b.tableName(tableName)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(each(
                                t.keySchema(),
                                n -> KeySchemaElement.builder()
                                        .attributeName(n.path("AttributeName").asText())
                                        .keyType(n.path("KeyType").asText())
                                        .build()))
                        .attributeDefinitions(each(
                                t.attributeDefinitions(),
                                n -> AttributeDefinition.builder()
                                        .attributeName(n.path("AttributeName").asText())
                                        .attributeType(n.path("AttributeType").asText())
                                        .build())));
        if (t.ttlAttribute() != null) {
            clients.dynamoDb()
                    .updateTimeToLive(b -> b.tableName(tableName)
                            .timeToLiveSpecification(
                                    s -> s.attributeName(t.ttlAttribute()).enabled(true)));
        }
        if (t.pointInTimeRecovery()) {
            clients.dynamoDb()
                    .updateContinuousBackups(b -> b.tableName(tableName)
                            .pointInTimeRecoverySpecification(s -> s.pointInTimeRecoveryEnabled(true)));
        }
        return tableName;
    }

    /** Each function with a published version and the live alias (the code runs in this JVM, not in moto). */
    private Map<String, String> createFunctions(String roleArn) throws IOException {
        Map<String, String> functionArns = new LinkedHashMap<>();
        SdkBytes zip = SdkBytes.fromByteArray(placeholderZip());
        for (TemplateModel.FunctionDef f : model.functions().values()) {
            String arn = clients.lambda()
                    .createFunction(b -> b.functionName(f.logicalId())
                            .runtime(Runtime.JAVA21)
                            .role(roleArn)
                            .handler(f.handlerClass() + "::handleRequest")
                            .code(c -> c.zipFile(zip)))
                    .functionArn();
            String version = clients.lambda()
                    .publishVersion(b -> b.functionName(f.logicalId()))
                    .version();
            clients.lambda()
                    .createAlias(b -> b.functionName(f.logicalId()).name("live").functionVersion(version));
            functionArns.put(f.logicalId(), arn);
        }
        return functionArns;
    }

    /**
     * SAM's DefinitionSubstitutions: ${XFunctionArn} → the function's live alias, as on AWS (SnapStart needs it);
     * a state machine's logical id → its ARN.
     */
    private String substitute(TemplateModel.StateMachineDef machine, Map<String, String> functionArns) {
        Matcher m;
        try {
            m = PLACEHOLDER.matcher(Files.readString(machine.definitionFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = machine.substitutions().get(m.group(1));
            if (target == null) throw new IllegalStateException("no DefinitionSubstitution for ${" + m.group(1) + "}");
            if (target.equals("AWS::Partition")) {
                m.appendReplacement(out, "aws");
                continue;
            }
            String function = target.replaceAll("\\.Alias$", "");
            String arn = functionArns.get(function);
            if (arn == null)
                throw new IllegalStateException("substitution " + m.group(1) + " points to unknown " + target);
            m.appendReplacement(out, Matcher.quoteReplacement(target.endsWith(".Alias") ? arn + ":live" : arn));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static <T> List<T> each(JsonNode array, Function<JsonNode, T> mapper) {
        List<T> items = new ArrayList<>();
        array.forEach(node -> items.add(mapper.apply(node)));
        return items;
    }

    private static byte[] placeholderZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("The local stack runs the handlers in its own JVM.".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
