package io.finport.local;

import io.finport.sandbox.FinapiSandbox;
import io.finport.sandbox.SandboxOptions;
import io.finport.workflow.Workflow;
import io.finport.workflow.handler.FinapiCallbackHandler;
import io.finport.workflow.handler.ImportApiHandler;
import io.finport.workflow.handler.RefreshApiHandler;
import io.finport.workflow.log.StructuredLog;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole product on this machine: the finAPI sandbox simulator, moto (DynamoDB, SNS, SQS, KMS, Secrets Manager,
 * Lambda, Step Functions executing the real statemachine/import-workflow.asl.json), the real Java handlers behind
 * moto's Lambda, and a local API in front of the API function. Resources come from template.yaml
 * ({@link TemplateDeployer}); {@link #attach} uses a deployed stack instead ({@link StackAttachment}). This class
 * owns the lifecycle: what starts, in which order, and closing it all.
 */
public final class LocalStack implements AutoCloseable {
    public static final String REGION = "eu-central-1";
    public static final String ACCOUNT = "123456789012";
    /** The local wait for finAPI's callback before the fallback status check (the template's default is 300 s). */
    public static final int CALLBACK_FALLBACK_SECONDS = 3;

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
    private LocalAwsClients clients;
    private DeployedStack deployed;
    private Workflow workflow;
    private PrintStream handlerLog;
    private FunctionEnvironment functionEnvironment;
    private RefreshResources.Settings refreshSettings = RefreshResources.Settings.defaults();
    private URI attachedApiUrl;
    private URI attachedCallbackUrl;
    private boolean attachedCallbacksRouted;
    private String userNamespace = "";

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
        // Connection ids of its own, as its users are (userNamespace): a block of 10,000 per second, 55-hour cycle.
        long now = System.currentTimeMillis();
        try {
            stack.model = TemplateModel.load(repoRoot.resolve("template.yaml"));
            stack.sandbox = FinapiSandbox.start(SandboxOptions.defaults()
                    .withHost(sandboxHost)
                    .withPort(sandboxPort)
                    .withFirstConnectionId(SandboxOptions.DEFAULT_FIRST_CONNECTION_ID + now / 1000 % 200_000 * 10_000)
                    .withLogRequests(false));
            stack.closeables.add(stack.sandbox);
            stack.clients = LocalAwsClients.at(awsEndpoint);
            StackAttachment.Attached attached = new StackAttachment(stack.model, stack.clients).attach(stackName);
            stack.deployed = attached.deployed();
            stack.attachedApiUrl = attached.apiUrl();
            stack.attachedCallbackUrl = attached.callbackUrl();
            stack.attachedCallbacksRouted = attached.callbacksRouted();
            stack.refreshSettings = attached.refreshSettings();
            stack.current = stack.current.withMandatorLicence(attached.mandatorLicence());
            stack.userNamespace = "-" + Long.toString(now, 36);
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

    /** True when this JVM runs the handlers itself (moto); false when attached to a deployed stack. */
    public boolean isLocal() {
        return moto != null;
    }

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
        clients = LocalAwsClients.at(moto.endpoint());
        deployed = new TemplateDeployer(model, clients).deploy();
        // Listening first: the functions' callback base URL is this server's.
        api = new LocalApiServer(null, functionOf(ImportApiHandler.class), options.apiPort());
        closeables.add(api);
        functionEnvironment = new FunctionEnvironment(model, deployed, sandbox.baseUrl(), api.url(), moto.endpoint());
        routeApi();
        registerHandlers();
        for (TemplateModel.ExecutionStatusRule rule : model.executionStatusRules()) {
            // moto emits no EventBridge events for Step Functions: this watcher delivers the rule's events instead.
            closeables.add(new ExecutionStatusEvents(
                    clients.sfn(), deployed.stateMachineArn(), lambdas.url(), rule, ACCOUNT, REGION));
        }
    }

    // ---- handlers ------------------------------------------------------------------------------------------

    private Workflow buildWorkflow() {
        workflow = LocalHandlers.workflow(functionEnvironment.with(current, refreshSettings));
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
        if (refresh() != null)
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

    /** Where finAPI's callbacks are served: the local API itself, or the deployed stack's callback API. */
    public URI callbackUrl() {
        return api != null ? api.url() : attachedCallbackUrl;
    }

    /**
     * Whether this machine's sandbox reaches the callback route: always locally; on a deployed stack when it was
     * deployed with its own callback API as CallbackBaseUrl (scripts/localstack deploy does so on LocalStack).
     */
    public boolean callbacksReachSandbox() {
        return api != null || attachedCallbacksRouted;
    }

    public Options options() {
        return current;
    }

    public FinapiSandbox sandbox() {
        return sandbox;
    }

    public LocalAwsClients clients() {
        return clients;
    }

    public DeployedStack deployed() {
        return deployed;
    }

    public LambdaEndpoint lambdas() {
        return lambdas;
    }

    public Workflow workflow() {
        return workflow;
    }

    public RefreshResources refresh() {
        return deployed == null ? null : deployed.refresh();
    }

    /** The Refresh* parameters: as the local handlers run with them, or as the attached stack was deployed. */
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
}
