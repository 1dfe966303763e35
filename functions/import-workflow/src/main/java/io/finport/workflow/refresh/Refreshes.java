package io.finport.workflow.refresh;

import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.execution.Executions;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ImportStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Composition of the refresh services, next to the import workflow's. Each service is built on first use, so a
 * function builds (and loads the SDK classes of) only what it calls: Notify uses the connection history alone, and its
 * package holds no Step Functions or S3 module.
 */
public final class Refreshes {
    private final RefreshConfig config;
    private final ConnectionHistory history;
    private final RefreshStore store;
    private final Supplier<ManifestBuilder> manifests;
    private final Supplier<RefreshItems> items;
    private final Supplier<RefreshCompletion> completion;
    private final Supplier<RefreshApi> api;

    /** The clients are supplied lazily: building the services loads no SDK client class a function's package lacks. */
    public Refreshes(
            WorkflowConfig workflow,
            RefreshConfig config,
            Supplier<DynamoDbClient> dynamoDb,
            Supplier<SfnClient> sfn,
            Supplier<SnsClient> sns,
            Supplier<S3Client> s3,
            ImportStore imports,
            Clock clock) {
        this.config = config;
        ConnectionOwners owners = new ConnectionOwners(dynamoDb, workflow.tableName());
        ConnectionLocks locks = new ConnectionLocks(dynamoDb, workflow.tableName());
        SkipRules rules = new SkipRules(config.window());
        this.history = new ConnectionHistory(dynamoDb, workflow.tableName(), owners);
        this.store = new RefreshStore(dynamoDb, workflow.tableName(), workflow.recordRetention(), clock);
        this.manifests = once(() -> new ManifestBuilder(
                store,
                history,
                locks,
                new Executions(sfn, workflow.stateMachineArn()),
                new ManifestStore(s3, config.bucket()),
                rules,
                config,
                clock));
        // Count outcome (RefreshItems.record) names no execution, and its function has no state machine: the ARN is
        // read when Prepare probes a lock holder.
        this.items = once(() -> new RefreshItems(
                store,
                history,
                locks,
                imports,
                new Executions(sfn, workflow::stateMachineArn),
                rules,
                workflow.pollDeadline().plus(Duration.ofHours(1)),
                clock));
        this.completion = once(() -> new RefreshCompletion(store, sns, workflow.topicArn(), clock));
        this.api = once(() -> new RefreshApi(store, sfn, config.stateMachineArn(), clock));
    }

    public RefreshConfig config() {
        return config;
    }

    public ConnectionHistory history() {
        return history;
    }

    public RefreshStore store() {
        return store;
    }

    public ManifestBuilder manifests() {
        return manifests.get();
    }

    public RefreshItems items() {
        return items.get();
    }

    public RefreshCompletion completion() {
        return completion.get();
    }

    public RefreshApi api() {
        return api.get();
    }

    /** A value built once, on first use (thread-safe). */
    private static <T> Supplier<T> once(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        if (value == null) value = factory.get();
                        v = value;
                    }
                }
                return v;
            }
        };
    }
}
