package io.finport.workflow.testing;

import io.finport.workflow.api.ImportApi;
import io.finport.workflow.reconcile.Executions;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.tenant.ConnectionGate;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The API wired as Workflow wires it, on a given table and Step Functions client. */
public final class TestApis {
    private TestApis() {}

    public static ImportApi api(
            Supplier<DynamoDbClient> dynamoDb,
            String table,
            ImportStore store,
            SfnClient sfn,
            String stateMachineArn,
            Duration lease,
            Clock clock) {
        return new ImportApi(
                store, gate(dynamoDb, table, store, sfn, stateMachineArn, lease), () -> sfn, stateMachineArn, clock);
    }

    public static ConnectionGate gate(
            Supplier<DynamoDbClient> dynamoDb,
            String table,
            ImportStore store,
            SfnClient sfn,
            String stateMachineArn,
            Duration lease) {
        return new ConnectionGate(
                new ConnectionOwners(dynamoDb, table),
                new ConnectionLocks(dynamoDb, table),
                store,
                new Executions(() -> sfn, stateMachineArn),
                lease);
    }
}
