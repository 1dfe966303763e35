package io.finport.workflow;

import io.finport.domain.OutcomeClassifier;
import io.finport.domain.poll.AdaptivePollPolicy;
import io.finport.domain.poll.PollBudget;
import io.finport.domain.poll.PollSettings;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiConfig;
import io.finport.workflow.api.ImportApi;
import io.finport.workflow.aws.AwsClients;
import io.finport.workflow.aws.AwsClients.Lazy;
import io.finport.workflow.callback.CallbackConfig;
import io.finport.workflow.callback.CallbackReceiver;
import io.finport.workflow.callback.CallbackTokens;
import io.finport.workflow.callback.CallbackWaits;
import io.finport.workflow.callback.FinapiCallbacks;
import io.finport.workflow.callback.SfnTaskResumer;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.delivery.OutcomeDelivery;
import io.finport.workflow.execution.Executions;
import io.finport.workflow.log.FinapiCallLines;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.reconcile.ExecutionReconciler;
import io.finport.workflow.refresh.RefreshConfig;
import io.finport.workflow.refresh.Refreshes;
import io.finport.workflow.service.ClientCredentialsProvider;
import io.finport.workflow.service.FailureClassifier;
import io.finport.workflow.service.FinapiUsers;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.service.PasswordCipher;
import io.finport.workflow.service.PsuVault;
import io.finport.workflow.snapstart.SnapStartPriming;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.DynamoTable;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.store.UserDirectory;
import io.finport.workflow.tenant.ConnectionGate;
import io.finport.workflow.tenant.ConnectionOwnership;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Composition root: the services of one container, each built on first use from the configuration, so a function
 * builds only what its handler asks for (and loads only those classes). Handlers take the services they call in their
 * constructors; their no-argument constructors (Lambda's) take them from {@link #fromEnvironment()}. Nothing here
 * calls the network; SDK clients and secrets are created or read on first use.
 */
public final class Workflow implements SnapStartPriming.Target {
    private static volatile Workflow fromEnvironment;

    private final WorkflowConfig config;
    private final AwsClients aws;
    private final Lazy<ImportStore> store;
    private final Lazy<ClientCredentialsProvider> credentials;
    private final Lazy<FinapiClient> finapi;
    private final Lazy<FinapiUsers> users;
    private final Lazy<ConnectionOwners> owners;
    private final Lazy<PsuVault> psuVault;
    private final Lazy<ImportService> imports;
    private final Lazy<OutcomeNotifier> notifier;
    private final Lazy<OutcomeDelivery> delivery;
    private final Lazy<ConnectionGate> gate;
    private final Lazy<ImportApi> api;
    private final Lazy<ExecutionReconciler> reconciler;
    private final Lazy<FailureClassifier> failures;
    private final Lazy<Refreshes> refreshes;
    private final Lazy<CallbackTokens> callbackTokens;
    private final Lazy<CallbackWaits> callbackWaits;
    private final Lazy<CallbackReceiver> callbackReceiver;

    public Workflow(
            WorkflowConfig config,
            RefreshConfig refreshConfig,
            CallbackConfig callbackConfig,
            AwsClients aws,
            Clock clock) {
        this.config = config;
        this.aws = aws;
        // Cheap to build: neither holds a client until a store is first used.
        DynamoTable table = new DynamoTable(aws.dynamoDbSupplier(), config.tableName(), clock);
        ConnectionLocks locks = new ConnectionLocks(aws.dynamoDbSupplier(), config.tableName());
        this.store = once(() -> new ImportStore(table, config.recordRetention()));
        this.credentials = once(() ->
                new ClientCredentialsProvider(aws.secretsManagerSupplier(), config.finapiClientSecretArn(), clock));
        this.finapi = once(() -> FinapiClient.create(finapiConfig(config), credentials.get(), new FinapiCallLines()));
        this.users = once(() -> new FinapiUsers(
                new UserDirectory(aws.dynamoDbSupplier(), config.tableName()),
                finapi.get(),
                new PasswordCipher(aws.kmsSupplier(), config.userPasswordKeyId()),
                clock));
        this.owners = once(() -> new ConnectionOwners(aws.dynamoDbSupplier(), config.tableName()));
        this.psuVault = once(() -> new PsuVault(aws.kmsSupplier(), config.userPasswordKeyId()));
        this.callbackTokens = once(() -> new CallbackTokens(aws.dynamoDbSupplier(), config.tableName(), clock));
        this.imports = once(() -> new ImportService(
                store.get(),
                new PollHistories(table),
                locks,
                finapi.get(),
                users.get(),
                new ConnectionOwnership(owners.get(), finapi.get(), clock),
                new AdaptivePollPolicy(PollBudget.of(config.pollDeadline(), config.pollMinWait(), config.pollMaxWait())
                        .apply(PollSettings.defaults())),
                new OutcomeClassifier(),
                config,
                clock,
                psuVault.get(),
                new FinapiCallbacks(callbackConfig, callbackTokens.get())));
        // Only the outcome, Notify, API and reconciliation functions use these, and only their packages hold SNS and
        // Step Functions (ImportApi and Executions need the Step Functions module).
        this.notifier = once(() -> new OutcomeNotifier(store.get(), aws.snsSupplier(), config.topicArn(), clock));
        this.gate = once(() -> new ConnectionGate(
                owners.get(),
                locks,
                store.get(),
                new Executions(aws.sfnSupplier(), config.stateMachineArn()),
                config.pollDeadline().plus(Duration.ofHours(1))));
        this.api = once(() -> new ImportApi(
                store.get(), gate.get(), aws.sfnSupplier(), config.stateMachineArn(), clock, psuVault.get()));
        this.failures = once(FailureClassifier::new);
        // Only the callback route resumes runs (only its package holds Step Functions).
        this.callbackWaits = once(() -> new CallbackWaits(
                aws.dynamoDbSupplier(), config.tableName(), once(() -> new SfnTaskResumer(aws.sfnSupplier())), clock));
        this.callbackReceiver = once(() -> new CallbackReceiver(callbackTokens.get(), callbackWaits.get()));
        // Only the refresh functions and the two that deliver outcomes (the connection history) use them.
        this.refreshes = once(() -> new Refreshes(
                config,
                refreshConfig,
                aws.dynamoDbSupplier(),
                aws.sfnSupplier(),
                aws.snsSupplier(),
                aws.s3Supplier(),
                store.get(),
                clock));
        this.delivery = once(() -> new OutcomeDelivery(
                notifier.get(),
                store.get(),
                refreshes.get().history(),
                refreshes.get().config()));
        this.reconciler = once(
                () -> new ExecutionReconciler(store.get(), locks, delivery.get(), config.stateMachineArn(), clock));
    }

    /** With the callback settings of this process's environment (the Lambda's). */
    public Workflow(WorkflowConfig config, RefreshConfig refreshConfig, AwsClients aws, Clock clock) {
        this(config, refreshConfig, CallbackConfig.fromEnvironment(System.getenv()), aws, clock);
    }

    /** With the refresh settings of this process's environment (the Lambda's). */
    public Workflow(WorkflowConfig config, AwsClients aws, Clock clock) {
        this(config, RefreshConfig.fromEnvironment(System.getenv()), aws, clock);
    }

    /** The container-wide instance built from the Lambda environment. */
    public static Workflow fromEnvironment() {
        Workflow w = fromEnvironment;
        if (w == null) {
            synchronized (Workflow.class) {
                w = fromEnvironment;
                if (w == null) {
                    WorkflowConfig config = WorkflowConfig.fromEnvironment(System.getenv());
                    fromEnvironment =
                            w = new Workflow(config, AwsClients.lambda(config, System.getenv()), Clock.systemUTC());
                    SnapStartPriming.register(w);
                }
            }
        }
        return w;
    }

    public WorkflowConfig config() {
        return config;
    }

    public ImportStore store() {
        return store.get();
    }

    public ImportService imports() {
        return imports.get();
    }

    public OutcomeDelivery delivery() {
        return delivery.get();
    }

    public ImportApi api() {
        return api.get();
    }

    /** The import API if this function's handler built it (SnapStart priming runs only what the function uses). */
    @Override
    public Optional<ImportApi> apiIfBuilt() {
        return Optional.ofNullable(api.getIfBuilt());
    }

    public ExecutionReconciler reconciler() {
        return reconciler.get();
    }

    @Override
    public FailureClassifier failures() {
        return failures.get();
    }

    public FinapiClient finapi() {
        return finapi.get();
    }

    /** The task token store of runs that wait for finAPI's callback. */
    public CallbackWaits callbackWaits() {
        return callbackWaits.get();
    }

    /** What {@code POST /callbacks/finapi/{token}} does. */
    public CallbackReceiver callbackReceiver() {
        return callbackReceiver.get();
    }

    public Refreshes refreshes() {
        return refreshes.get();
    }

    /**
     * Builds the SDK clients of this function's package, and prepares finAPI's client (its request parts, its TLS
     * context) where the handler wired finAPI, now (no connection is opened), so a SnapStart snapshot already holds
     * them; without SnapStart they are built on first use instead.
     */
    @Override
    public void buildClients() {
        aws.buildPackagedClients();
        ifBuilt(finapi, FinapiClient::buildTransport);
    }

    private static <T> Lazy<T> once(Supplier<T> factory) {
        return new Lazy<>(factory);
    }

    /**
     * Drops cached tokens, secrets and passwords (after a SnapStart restore, or when credentials rotate); what was
     * never built holds nothing.
     */
    @Override
    public void forgetCachedCredentials() {
        ifBuilt(finapi, FinapiClient::invalidateTokens);
        ifBuilt(credentials, ClientCredentialsProvider::invalidate);
        ifBuilt(users, FinapiUsers::invalidate);
    }

    private static <T> void ifBuilt(Lazy<T> lazy, Consumer<T> action) {
        T value = lazy.getIfBuilt();
        if (value != null) action.accept(value);
    }

    /** finAPI's URLs from the deployment, the client's own timeouts. */
    private static FinapiConfig finapiConfig(WorkflowConfig config) {
        return new FinapiConfig(
                config.finapiAccessBaseUrl(),
                config.finapiWebFormBaseUrl(),
                FinapiConfig.DEFAULT_CONNECT_TIMEOUT,
                FinapiConfig.DEFAULT_READ_TIMEOUT);
    }
}
