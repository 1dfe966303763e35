package io.finport.workflow.refresh;

import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.reconcile.Executions;
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

/** Composition of the refresh services, built once per container next to the import workflow's. */
public final class Refreshes {
    private final RefreshConfig config;
    private final ConnectionHistory history;
    private final RefreshStore store;
    private final ManifestBuilder manifests;
    private final RefreshItems items;
    private final RefreshCompletion completion;
    private final RefreshApi api;

    /** The clients are supplied lazily: building the services loads no SDK client class a function's package lacks. */
    public Refreshes(WorkflowConfig workflow, RefreshConfig config, Supplier<DynamoDbClient> dynamoDb, Supplier<SfnClient> sfn,
                     Supplier<SnsClient> sns, Supplier<S3Client> s3, ImportStore imports, Clock clock) {
        this.config = config;
        ConnectionOwners owners = new ConnectionOwners(dynamoDb, workflow.tableName());
        ConnectionLocks locks = new ConnectionLocks(dynamoDb, workflow.tableName());
        Executions executions = new Executions(sfn, workflow.stateMachineArn());
        SkipRules rules = new SkipRules(config.window());
        this.history = new ConnectionHistory(dynamoDb, workflow.tableName(), owners);
        this.store = new RefreshStore(dynamoDb, workflow.tableName(), workflow.recordRetention());
        this.manifests = new ManifestBuilder(store, history, locks, executions, new ManifestStore(s3, config.bucket()),
                rules, config, clock);
        this.items = new RefreshItems(store, history, locks, imports, executions, rules,
                workflow.pollDeadline().plus(Duration.ofHours(1)), clock);
        this.completion = new RefreshCompletion(store, sns, workflow.topicArn(), clock);
        this.api = new RefreshApi(store, sfn, config.stateMachineArn(), clock);
    }

    public RefreshConfig config() { return config; }
    public ConnectionHistory history() { return history; }
    public RefreshStore store() { return store; }
    public ManifestBuilder manifests() { return manifests; }
    public RefreshItems items() { return items; }
    public RefreshCompletion completion() { return completion; }
    public RefreshApi api() { return api; }
}
