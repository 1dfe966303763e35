package io.finport.workflow;

import io.finport.domain.OutcomeClassifier;
import io.finport.domain.poll.AdaptivePollPolicy;
import io.finport.domain.poll.PollBudget;
import io.finport.domain.poll.PollSettings;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiConfig;
import io.finport.workflow.api.ImportApi;
import io.finport.workflow.aws.AwsClients;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.reconcile.ExecutionReconciler;
import io.finport.workflow.reconcile.Executions;
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
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.UserDirectory;
import io.finport.workflow.tenant.ConnectionGate;
import io.finport.workflow.tenant.ConnectionOwnership;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Composition root: builds the services once per container from the configuration. Nothing here calls the
 * network; SDK clients and secrets are created or read on first use.
 */
public final class Workflow {
    private static volatile Workflow fromEnvironment;

    private final WorkflowConfig config;
    private final AwsClients aws;
    private final ImportStore store;
    private final ClientCredentialsProvider credentials;
    private final FinapiClient finapi;
    private final FinapiUsers users;
    private final ImportService imports;
    private final Supplier<OutcomeNotifier> notifier;
    private final Supplier<ConnectionGate> gate;
    private final Supplier<ImportApi> api;
    private final Supplier<ExecutionReconciler> reconciler;
    private final FailureClassifier failures = new FailureClassifier();
    private final Supplier<Refreshes> refreshes;

    public Workflow(WorkflowConfig config, RefreshConfig refreshConfig, AwsClients aws, Clock clock) {
        this.config = config;
        this.aws = aws;
        this.store = new ImportStore(aws.dynamoDbSupplier(), config.tableName(), config.recordRetention());
        this.credentials =
                new ClientCredentialsProvider(aws.secretsManagerSupplier(), config.finapiClientSecretArn(), clock);
        this.finapi = FinapiClient.create(
                FinapiConfig.sandboxDefaults()
                        .withBaseUrls(config.finapiAccessBaseUrl(), config.finapiWebFormBaseUrl()),
                credentials);
        this.users = new FinapiUsers(
                new UserDirectory(aws.dynamoDbSupplier(), config.tableName()),
                finapi,
                new PasswordCipher(aws.kmsSupplier(), config.userPasswordKeyId()),
                clock);
        ConnectionOwners owners = new ConnectionOwners(aws.dynamoDbSupplier(), config.tableName());
        PollSettings settings = PollBudget.of(config.pollDeadline(), config.pollMinWait(), config.pollMaxWait())
                .apply(PollSettings.defaults());
        PsuVault psuVault = new PsuVault(aws.kmsSupplier(), config.userPasswordKeyId());
        this.imports = new ImportService(
                store,
                finapi,
                users,
                new ConnectionOwnership(owners, finapi, clock),
                new AdaptivePollPolicy(settings),
                new OutcomeClassifier(),
                config,
                clock,
                psuVault);
        // Built on first use: only the Notify, API and reconciliation functions use them, and only their packages hold
        // SNS and Step Functions (ImportApi and Executions need the Step Functions module).
        this.notifier = once(() -> new OutcomeNotifier(store, aws.snsSupplier(), config.topicArn(), clock));
        this.gate = once(() -> new ConnectionGate(
                owners,
                new ConnectionLocks(aws.dynamoDbSupplier(), config.tableName()),
                store,
                new Executions(aws.sfnSupplier(), config.stateMachineArn()),
                config.pollDeadline().plus(Duration.ofHours(1))));
        this.api = once(
                () -> new ImportApi(store, gate.get(), aws.sfnSupplier(), config.stateMachineArn(), clock, psuVault));
        this.reconciler = once(() -> new ExecutionReconciler(store, notifier.get(), config.stateMachineArn(), clock));
        // Built on first use: only the refresh functions and Notify (the connection history) use them.
        this.refreshes = once(() -> new Refreshes(
                config,
                refreshConfig,
                aws.dynamoDbSupplier(),
                aws.sfnSupplier(),
                aws.snsSupplier(),
                aws.s3Supplier(),
                store,
                clock));
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
                    fromEnvironment = w = new Workflow(config, new AwsClients(config), Clock.systemUTC());
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
        return store;
    }

    public ImportService imports() {
        return imports;
    }

    public OutcomeNotifier notifier() {
        return notifier.get();
    }

    public ImportApi api() {
        return api.get();
    }

    public ExecutionReconciler reconciler() {
        return reconciler.get();
    }

    public FailureClassifier failures() {
        return failures;
    }

    public FinapiClient finapi() {
        return finapi;
    }

    public Refreshes refreshes() {
        return refreshes.get();
    }

    /**
     * Builds the SDK clients of this function's package now (no connection is opened), so a SnapStart snapshot already
     * holds them; without SnapStart they are built on first use instead.
     */
    public void buildClients() {
        aws.buildPackagedClients();
    }

    private static <T> Supplier<T> once(Supplier<T> factory) {
        return new AwsClients.Lazy<>(factory);
    }

    /** Drops cached tokens, secrets and passwords (after a SnapStart restore, or when credentials rotate). */
    public void forgetCachedCredentials() {
        finapi.invalidateTokens();
        credentials.invalidate();
        users.invalidate();
    }
}
