package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.sandbox.FinapiSandbox;
import io.finport.sandbox.SandboxOptions;
import io.finport.workflow.Workflow;
import io.finport.workflow.handler.FinapiCallbackHandler;
import io.finport.workflow.handler.ImportApiHandler;
import io.finport.workflow.handler.RefreshApiHandler;
import io.finport.workflow.log.StructuredLog;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole product on this machine: the finAPI sandbox simulator, moto (DynamoDB, SNS, SQS, KMS, Secrets Manager,
 * Lambda, Step Functions executing the real statemachine/import-workflow.asl.json), the real Java handlers behind
 * moto's Lambda, and a local API in front of the API function. Resources come from template.yaml.
 */
public final class LocalStack implements AutoCloseable {
    public static final String REGION = "eu-central-1";
    public static final String ACCOUNT = "123456789012";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The local wait for finAPI's callback before the fallback status check (the template's default is 300 s). */
    public static final int CALLBACK_FALLBACK_SECONDS = 3;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    /** Local settings: waits shrink (never vanish) and the deadline shrinks with them. */
    public record Options(
            Path repoRoot,
            Duration pollDeadline,
            int pollMinWaitSeconds,
            int pollMaxWaitSeconds,
            boolean waitForCategorization,
            int apiPort,
            String mandatorLicence) {
        /**
         * LICENSED by default here: most scenarios describe finAPI Access's update. Deployments default to
         * UNLICENSED (template parameter FinapiMandatorLicence); {@link LicenceMode} picks per scenario.
         */
        public static Options defaults(Path repoRoot) {
            return new Options(repoRoot, Duration.ofSeconds(30), 1, 2, false, 0, LicenceMode.LICENSED);
        }

        public Options withWaitForCategorization(boolean wait) {
            return new Options(
                    repoRoot, pollDeadline, pollMinWaitSeconds, pollMaxWaitSeconds, wait, apiPort, mandatorLicence);
        }

        public Options withApiPort(int port) {
            return new Options(
                    repoRoot,
                    pollDeadline,
                    pollMinWaitSeconds,
                    pollMaxWaitSeconds,
                    waitForCategorization,
                    port,
                    mandatorLicence);
        }

        public Options withPollDeadline(Duration deadline) {
            return new Options(
                    repoRoot,
                    deadline,
                    pollMinWaitSeconds,
                    pollMaxWaitSeconds,
                    waitForCategorization,
                    apiPort,
                    mandatorLicence);
        }

        /** UNLICENSED or LICENSED, as the template parameter FinapiMandatorLicence. */
        public Options withMandatorLicence(String licence) {
            return new Options(
                    repoRoot,
                    pollDeadline,
                    pollMinWaitSeconds,
                    pollMaxWaitSeconds,
                    waitForCategorization,
                    apiPort,
                    LicenceMode.require(licence));
        }
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Options options;
    private final Path logDir;
    private Options current;
    private TemplateModel model;
    private FinapiSandbox sandbox;
    private LambdaEndpoint lambdas;
    private MotoServer moto;
    private LocalApiServer api;
    private Clients clients;
    private Deployed deployed;
    private Workflow workflow;
    private PrintStream handlerLog;
    private RefreshResources refresh;
    private RefreshResources.Settings refreshSettings = RefreshResources.Settings.defaults();

    /** SDK clients pointed at moto, for deploying and for tests to inspect. */
    public record Clients(
            DynamoDbClient dynamoDb,
            SnsClient sns,
            SqsClient sqs,
            SfnClient sfn,
            LambdaClient lambda,
            IamClient iam,
            KmsClient kms,
            SecretsManagerClient secrets,
            S3Client s3) {}

    /** Names and ARNs of what was created. */
    public record Deployed(
            String tableName,
            String topicArn,
            String emailQueueUrl,
            String allNotificationsQueueUrl,
            String stateMachineArn,
            String secretArn,
            String keyId,
            Map<String, String> functionArns) {}

    private LocalStack(Options options) {
        this.options = options;
        this.current = options;
        this.logDir = options.repoRoot().resolve(".local/logs");
    }

    public static LocalStack start(Options options) throws IOException {
        LocalStack stack = new LocalStack(options);
        try {
            stack.boot();
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * Attaches to a stack deployed with {@code sam deploy} (on LocalStack or AWS) instead of starting moto: reads the
     * stack's outputs, subscribes two test queues to its topic (one with the email subscription's filter policy) and
     * starts the finAPI sandbox on a fixed address, which the stack's FinapiAccessBaseUrl/FinapiWebFormBaseUrl must
     * point to (and its client secret must hold the sandbox's client id and secret). The SDK endpoint comes from
     * AWS_ENDPOINT_URL (e.g. http://localhost:4566 for LocalStack); unset means AWS itself.
     */
    public static LocalStack attach(
            Path repoRoot, String stackName, String sandboxHost, int sandboxPort, URI awsEndpoint) throws IOException {
        LocalStack stack = new LocalStack(Options.defaults(repoRoot));
        try {
            stack.model = TemplateModel.load(repoRoot.resolve("template.yaml"));
            stack.sandbox = FinapiSandbox.start(SandboxOptions.defaults()
                    .withHost(sandboxHost)
                    .withPort(sandboxPort)
                    .withLogRequests(false));
            stack.closeables.add(stack.sandbox);
            stack.clients = clients(awsEndpoint);
            stack.deployed = stack.attachTo(stackName);
            stack.userNamespace = "-" + Long.toString(System.currentTimeMillis(), 36);
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * A deployed stack keeps the finAPI users it created (user reference → encrypted password) from earlier runs,
     * but each run starts a new sandbox that knows none of them; an attached run therefore uses user references of
     * its own. Empty on moto, where every run starts with an empty table.
     */
    public String userNamespace() {
        return userNamespace;
    }

    private String userNamespace = "";

    /** True when this JVM runs the handlers itself (moto); false when attached to a deployed stack. */
    public boolean isLocal() {
        return moto != null;
    }

    private Deployed attachTo(String stackName) {
        Map<String, String> outputs = new HashMap<>();
        try (CloudFormationClient cfn = configure(CloudFormationClient.builder(), endpointOf(clients), credentials())
                .build()) {
            var deployedStack =
                    cfn.describeStacks(b -> b.stackName(stackName)).stacks().get(0);
            deployedStack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            // The licence mode it was deployed with (the template's default when the parameter was not given).
            current = current.withMandatorLicence(deployedStack.parameters().stream()
                    .filter(p -> p.parameterKey().equals("FinapiMandatorLicence"))
                    .map(p -> p.parameterValue())
                    .findFirst()
                    .orElse(LicenceMode.UNLICENSED));
        }
        attachedApiUrl = ApiAddress.of(require(outputs, "ApiUrl"), endpointOf(clients));
        String suffix = Long.toString(System.nanoTime(), 36);
        String topicArn = require(outputs, "NotificationTopicArn");
        String emailQueue = queue("finport-email-mirror-" + suffix);
        String allQueue = queue("finport-all-notifications-" + suffix);
        subscribe(topicArn, emailQueue, true);
        subscribe(topicArn, allQueue, false);
        if (outputs.containsKey("RefreshStateMachineArn")) {
            refresh = new RefreshResources(outputs.get("RefreshStateMachineArn"), outputs.get("RefreshBucketName"));
        }
        return new Deployed(
                require(outputs, "ImportTableName"),
                topicArn,
                emailQueue,
                allQueue,
                require(outputs, "StateMachineArn"),
                null,
                null,
                Map.of());
    }

    private static String require(Map<String, String> outputs, String key) {
        String value = outputs.get(key);
        if (value == null) throw new IllegalStateException("the stack has no output " + key);
        return value;
    }

    private URI attachedApiUrl;

    private void boot() throws IOException {
        Files.createDirectories(logDir);
        model = TemplateModel.load(options.repoRoot().resolve("template.yaml"));
        handlerLog = new PrintStream(
                new FileOutputStream(logDir.resolve("handlers.log").toFile(), true), true, StandardCharsets.UTF_8);
        StructuredLog.redirect(handlerLog);
        sandbox = FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false));
        closeables.add(sandbox);
        lambdas = new LambdaEndpoint();
        closeables.add(lambdas);
        moto = MotoServer.start(python(options.repoRoot()), lambdas.url(), logDir.resolve("moto.log"));
        closeables.add(moto);
        clients = clients(moto.endpoint());
        deployed = deploy();
        // Listening first: the functions' callback base URL is this server's.
        api = new LocalApiServer(null, functionOf(ImportApiHandler.class), options.apiPort());
        closeables.add(api);
        routeApi();
        registerHandlers();
        for (TemplateModel.ExecutionStatusRule rule : model.executionStatusRules()) {
            // moto emits no EventBridge events for Step Functions: this watcher delivers the rule's events instead.
            closeables.add(new ExecutionStatusEvents(
                    clients.sfn(), deployed.stateMachineArn(), lambdas.url(), rule, ACCOUNT, REGION));
        }
    }

    // ---- deploy the template's resources into moto ---------------------------------------------------------

    private Deployed deploy() throws IOException {
        String suffix = Long.toString(System.nanoTime(), 36);
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
        String emailQueue = queue("finport-email-mirror-" + suffix);
        String allQueue = queue("finport-all-notifications-" + suffix);
        subscribe(topicArn, emailQueue, true);
        subscribe(topicArn, allQueue, false);

        String roleArn = clients.iam()
                .createRole(b -> b.roleName("finport-local-" + suffix)
                        .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[]}"))
                .role()
                .arn();
        Map<String, String> functionArns = new LinkedHashMap<>();
        SdkBytes zip = SdkBytes.fromByteArray(emptyZip());
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
        String definition = substitute(model.stateMachine(), functionArns);
        String stateMachineArn = clients.sfn()
                .createStateMachine(b -> b.name(model.stateMachine().logicalId() + "-" + suffix)
                        .definition(definition)
                        .roleArn(roleArn)
                        .type(StateMachineType.STANDARD))
                .stateMachineArn();
        if (model.refreshStateMachine() != null) {
            Map<String, String> targets = new HashMap<>(functionArns);
            targets.put(model.stateMachine().logicalId(), stateMachineArn);
            refresh = RefreshResources.deploy(model, clients.s3(), clients.sfn(), roleArn, suffix, bucket -> {
                targets.put(model.bucketLogicalId(), bucket);
                return substitute(model.refreshStateMachine(), targets);
            });
        }
        return new Deployed(tableName, topicArn, emailQueue, allQueue, stateMachineArn, secretArn, keyId, functionArns);
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
            throw new java.io.UncheckedIOException(e);
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

    /** Subscribes a queue; with the email subscription's real filter policy it receives what the address would. */
    private void subscribe(String topicArn, String queueUrl, boolean likeEmail) {
        Map<String, String> attributes = new HashMap<>();
        if (likeEmail
                && model.emailSubscription() != null
                && model.emailSubscription().filterPolicy() != null) {
            attributes.put("FilterPolicy", model.emailSubscription().filterPolicy());
            attributes.put("FilterPolicyScope", model.emailSubscription().filterPolicyScope());
        }
        String queueArn = queueArn(queueUrl);
        clients.sqs()
                .setQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributes(Map.of(
                                QueueAttributeName.POLICY,
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
                                        + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn
                                        + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\""
                                        + topicArn + "\"}}}]}")));
        clients.sns()
                .subscribe(b ->
                        b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(attributes));
    }

    private String queue(String name) {
        return clients.sqs().createQueue(b -> b.queueName(name)).queueUrl();
    }

    private String queueArn(String queueUrl) {
        return clients.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    // ---- handlers ------------------------------------------------------------------------------------------

    /** The environment each function gets on AWS (template Globals + its own), with local values. */
    Map<String, String> environment() {
        Map<String, String> local = new HashMap<>();
        local.put("TABLE_NAME", deployed.tableName());
        local.put("FINAPI_ACCESS_BASE_URL", sandbox.baseUrl().toString());
        local.put("FINAPI_WEBFORM_BASE_URL", sandbox.baseUrl().toString());
        local.put("FINAPI_CLIENT_SECRET_ARN", deployed.secretArn());
        local.put("USER_PASSWORD_KEY_ID", deployed.keyId());
        local.put("POLL_DEADLINE_SECONDS", Long.toString(current.pollDeadline().toSeconds()));
        local.put("POLL_MIN_WAIT_SECONDS", Integer.toString(current.pollMinWaitSeconds()));
        local.put("POLL_MAX_WAIT_SECONDS", Integer.toString(current.pollMaxWaitSeconds()));
        local.put("WAIT_FOR_CATEGORIZATION", Boolean.toString(current.waitForCategorization()));
        local.put("FINAPI_MANDATOR_LICENCE", current.mandatorLicence());
        local.put("STATE_MACHINE_ARN", deployed.stateMachineArn());
        local.put("TOPIC_ARN", deployed.topicArn());
        local.put("CALLBACK_BASE_URL", api.url().toString());
        local.put("CALLBACK_FALLBACK_SECONDS", Integer.toString(CALLBACK_FALLBACK_SECONDS));
        if (refresh != null) local.putAll(refresh.environment(refreshSettings));
        Map<String, String> env = new HashMap<>();
        for (TemplateModel.FunctionDef f : model.functions().values()) {
            for (String name : f.environment()) {
                if (!local.containsKey(name)) {
                    throw new IllegalStateException("template.yaml sets " + name + " for " + f.logicalId()
                            + " but the local stack has no local value for it");
                }
                env.put(name, local.get(name));
            }
        }
        env.put("AWS_ENDPOINT_URL", moto.endpoint().toString());
        env.put("AWS_REGION", REGION);
        return env;
    }

    private Workflow buildWorkflow() {
        workflow = LocalHandlers.workflow(environment());
        return workflow;
    }

    private void registerHandlers() {
        for (TemplateModel.FunctionDef f : model.functions().values()) {
            lambdas.register(f.logicalId(), LocalHandlers.create(f.handlerClass(), workflow));
        }
    }

    /** Rebuilds the handlers with other refresh parameters (as a redeploy with other Refresh* parameters would). */
    public void reconfigureRefresh(RefreshResources.Settings settings) {
        this.refreshSettings = settings;
        reconfigure(current);
    }

    /** The logical id of the template's function with that handler (AWS calls are recorded under it). */
    private String functionOf(Class<?> handler) {
        return model.functions().values().stream()
                .filter(f -> f.handlerClass().equals(handler.getName()))
                .map(TemplateModel.FunctionDef::logicalId)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("template.yaml has no function with " + handler.getName()));
    }

    /** Rebuilds the handlers with other local settings (as a redeploy with other parameters would). */
    public void reconfigure(Options newOptions) {
        this.current = newOptions;
        routeApi();
        registerHandlers();
    }

    /** The API routes, as API Gateway has them: imports, refreshes, and finAPI's callbacks. */
    private void routeApi() {
        api.replaceHandler(LocalHandlers.create(ImportApiHandler.class.getName(), buildWorkflow()));
        if (refresh != null)
            api.routeRefreshes(
                    LocalHandlers.create(RefreshApiHandler.class.getName(), workflow),
                    functionOf(RefreshApiHandler.class));
        api.routeCallbacks(
                LocalHandlers.create(FinapiCallbackHandler.class.getName(), workflow),
                functionOf(FinapiCallbackHandler.class));
    }

    // ---- accessors -----------------------------------------------------------------------------------------

    public URI apiUrl() {
        return api != null ? api.url() : attachedApiUrl;
    }

    public Options options() {
        return current;
    }

    public FinapiSandbox sandbox() {
        return sandbox;
    }

    public Clients clients() {
        return clients;
    }

    public Deployed deployed() {
        return deployed;
    }

    public LambdaEndpoint lambdas() {
        return lambdas;
    }

    public Workflow workflow() {
        return workflow;
    }

    public RefreshResources refresh() {
        return refresh;
    }

    public RefreshResources.Settings refreshSettings() {
        return refreshSettings;
    }

    public Path handlerLogFile() {
        return logDir.resolve("handlers.log");
    }

    public URI motoEndpoint() {
        return moto == null ? null : moto.endpoint();
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
        closeables.clear();
        if (handlerLog != null) {
            StructuredLog.redirect(System.out);
            handlerLog.close();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** The repository this runs in: the nearest folder above the working directory that holds template.yaml. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) dir = dir.getParent();
        if (dir == null)
            throw new IllegalStateException("run from inside the repository (no template.yaml above "
                    + Path.of("").toAbsolutePath() + ")");
        return dir;
    }

    static Path python(Path repoRoot) {
        String configured = System.getenv("FINPORT_PYTHON");
        Path python = configured != null ? Path.of(configured) : repoRoot.resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("no Python with moto at " + python + ": run scripts/setup first");
        }
        return python;
    }

    private static Clients clients(URI endpoint) {
        var http = UrlConnectionHttpClient.builder().build();
        var credentials = credentials();
        return new Clients(
                configure(DynamoDbClient.builder(), endpoint, credentials)
                        .httpClient(http)
                        .build(),
                configure(SnsClient.builder(), endpoint, credentials)
                        .httpClient(http)
                        .build(),
                configure(SqsClient.builder(), endpoint, credentials)
                        .httpClient(http)
                        .build(),
                configure(SfnClient.builder(), endpoint, credentials)
                        .httpClient(http)
                        .build(),
                configure(LambdaClient.builder(), endpoint, credentials)
                        .httpClient(http)
                        .build(),
                configure(IamClient.builder(), endpoint, credentials)
                        .httpClient(http)
                        .region(Region.AWS_GLOBAL)
                        .build(),
                configure(KmsClient.builder(), endpoint, credentials)
                        .httpClient(http)
                        .build(),
                configure(SecretsManagerClient.builder(), endpoint, credentials)
                        .httpClient(http)
                        .build(),
                configure(S3Client.builder(), endpoint, credentials)
                        .httpClient(http)
                        .forcePathStyle(true)
                        .build());
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, URI endpoint, AwsCredentialsProvider credentials) {
        if (endpoint != null) builder.endpointOverride(endpoint);
        String region =
                System.getenv().getOrDefault("AWS_REGION", System.getenv().getOrDefault("AWS_DEFAULT_REGION", REGION));
        return builder.region(Region.of(region)).credentialsProvider(credentials);
    }

    /** moto and LocalStack accept any key; a real account uses the default chain. */
    private static AwsCredentialsProvider credentials() {
        return System.getenv("AWS_ACCESS_KEY_ID") != null || System.getenv("AWS_PROFILE") != null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    private static URI endpointOf(Clients clients) {
        return clients.dynamoDb()
                .serviceClientConfiguration()
                .endpointOverride()
                .orElse(null);
    }

    private static <T> List<T> each(JsonNode array, java.util.function.Function<JsonNode, T> mapper) {
        List<T> items = new ArrayList<>();
        array.forEach(node -> items.add(mapper.apply(node)));
        return items;
    }

    private static byte[] emptyZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("The local stack runs the handlers in its own JVM.".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
