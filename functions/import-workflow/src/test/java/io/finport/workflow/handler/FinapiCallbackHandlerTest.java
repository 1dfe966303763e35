package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportApi.ApiResponse;
import io.finport.workflow.callback.CallbackReceiver;
import io.finport.workflow.callback.CallbackTokens;
import io.finport.workflow.callback.CallbackWaits;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FinapiCallbackHandlerTest {
    private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");

    private final LocalDynamoDb db = LocalDynamoDb.newTable();
    private final List<String> resumed = new CopyOnWriteArrayList<>();
    private final CallbackTokens tokens = new CallbackTokens(db::client, db.tableName(), new MutableClock(NOW));
    private final CallbackWaits waits = new CallbackWaits(
            db::client,
            db.tableName(),
            () -> token -> {
                resumed.add(token);
                return true;
            },
            new MutableClock(NOW));
    private final FinapiCallbackHandler api = new FinapiCallbackHandler(new CallbackReceiver(tokens, waits));

    private static ApiRequest post(String token, String body) {
        return new ApiRequest(
                "POST",
                "/callbacks/finapi/{token}",
                "/callbacks/finapi/" + token,
                Map.of("content-type", "application/json"),
                Map.of("token", token),
                body,
                null,
                "v1");
    }

    @Test
    void handle_whenTheTokenIsValid_resumesTheWaitingRunOnceAndIgnoresTheBody() {
        String token = tokens.issue("imp-1");
        waits.register("imp-1", "task-token-1");

        ApiResponse first =
                api.handle(post(token, "{\"webFormId\":\"x\",\"status\":\"COMPLETED\",\"importId\":\"imp-2\"}"));
        ApiResponse again = api.handle(post(token, "{}"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(resumed).containsExactly("task-token-1");
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).contains("\"field\":\"token\"").doesNotContain(token);
        assertThat(resumed).hasSize(1);
    }

    @Test
    void handle_whenTheTokenIsUnknownOrMalformed_is404AndWritesNothing() {
        waits.register("imp-1", "task-token-1");
        int itemsBefore = db.client().scan(b -> b.tableName(db.tableName())).count();

        for (String token : List.of("A".repeat(43), "short", "%00", "a/b")) {
            ApiResponse response = api.handle(post(token, null));
            assertThat(response.status()).as(token).isEqualTo(404);
            assertThat(response.headers()).containsEntry("Content-Type", "application/json");
        }

        assertThat(resumed).isEmpty();
        assertThat(db.client().scan(b -> b.tableName(db.tableName())).count()).isEqualTo(itemsBefore);
    }

    @Test
    void handle_whenNotPost_is405AndKeepsTheToken() {
        String token = tokens.issue("imp-1");
        ApiRequest get = new ApiRequest(
                "GET",
                "/callbacks/finapi/{token}",
                "/callbacks/finapi/" + token,
                Map.of(),
                Map.of("token", token),
                null,
                null,
                "v1");

        assertThat(api.handle(get).status()).isEqualTo(405);
        assertThat(tokens.redeem(token)).contains("imp-1");
    }
}
