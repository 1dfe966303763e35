package io.finport.workflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.finapi.JsonTrees;
import io.finport.workflow.api.ImportApi;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportApi.ApiResponse;
import io.finport.workflow.execution.Executions;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.tenant.ConnectionGate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

    /** {@code POST /imports} from {@code caller} with a JSON body and an optional Idempotency-Key. */
    public static ApiRequest post(String caller, String body, String idempotencyKey) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        if (idempotencyKey != null) headers.put("idempotency-key", idempotencyKey);
        return new ApiRequest("POST", "/imports", "/imports", headers, Map.of(), body, caller, "v1");
    }

    /** {@code GET /imports/{importId}} from {@code caller}. */
    public static ApiRequest get(String caller, String importId) {
        return new ApiRequest(
                "GET",
                "/imports/{importId}",
                "/imports/" + importId,
                Map.of(),
                Map.of("importId", importId),
                null,
                caller,
                "v1");
    }

    /** The response body as JSON; a body that is not JSON fails the test and shows it. */
    public static JsonNode json(ApiResponse response) {
        try {
            return JsonTrees.read(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
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
