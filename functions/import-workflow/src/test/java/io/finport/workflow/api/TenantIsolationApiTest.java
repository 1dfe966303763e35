package io.finport.workflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.domain.ImportType;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportApi.ApiResponse;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ConnectionOwners.Owner;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.tenant.CallerIdentity;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import io.finport.workflow.testing.Records;
import io.finport.workflow.testing.TestApis;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/** Callers never reach each other's imports or connections through the API. */
class TenantIsolationApiTest {
    private static final String ARN = "arn:aws:states:eu-central-1:123456789012:stateMachine:import-workflow";
    private static final Duration LEASE = Duration.ofMinutes(90);
    private static final String A_SESSION_1 = "arn:aws:sts::123456789012:assumed-role/TenantA/session-1";
    private static final String A_SESSION_2 = "arn:aws:sts::123456789012:assumed-role/TenantA/session-2";
    private static final String B = "arn:aws:sts::123456789012:assumed-role/TenantB/session-1";
    private static final String UPDATE =
            "{\"type\":\"UPDATE\",\"userReference\":\"alice\",\"bankConnectionId\":100001}";

    private LocalDynamoDb db;
    private ImportStore store;
    private ConnectionLocks locks;
    private SfnClient sfn;
    private MutableClock clock;
    private ImportApi api;

    @BeforeEach
    void setUp() {
        db = LocalDynamoDb.newTable();
        store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        locks = new ConnectionLocks(db::client, db.tableName());
        sfn = mock(SfnClient.class);
        clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        api = TestApis.api(db::client, db.tableName(), store, sfn, ARN, LEASE, clock);
    }

    private static ApiRequest post(String caller, String body, String key) {
        return TestApis.post(caller, body, key);
    }

    private static ApiRequest get(String caller, String importId) {
        return TestApis.get(caller, importId);
    }

    private static JsonNode json(ApiResponse response) {
        return TestApis.json(response);
    }

    private void ownedByA() {
        new ConnectionOwners(db::client, db.tableName())
                .record(100001L, new Owner(CallerIdentity.of(A_SESSION_1).key(), "alice", "fp-a", clock.instant()));
    }

    @Test
    void post_whenTheConnectionIsAnotherCallersOnRecord_is404AndTakesNoLock() {
        ownedByA();

        ApiResponse response = api.handle(post(B, UPDATE, "b-1"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(json(response).path("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(json(response).path("field").asText()).isEqualTo("bankConnectionId");
        assertThat(locks.holder(100001L)).isEmpty();
        assertThat(api.handle(post(B, UPDATE.replace("UPDATE", "TRACK"), "b-2")).status())
                .isEqualTo(404);
        assertThat(api.handle(post(A_SESSION_1, UPDATE.replace("alice", "carol"), "a-0"))
                        .status())
                .as("the same caller's other user reference does not own it either")
                .isEqualTo(404);
        assertThat(api.handle(post(A_SESSION_2, UPDATE, "a-1")).status()).isEqualTo(202);
    }

    @Test
    void post_whenAnotherCallersImportHoldsTheConnection_is404WithoutItsImportId() {
        String running = json(api.handle(post(A_SESSION_1, UPDATE, "a-1")))
                .path("importId")
                .asText();

        ApiResponse toB = api.handle(post(B, UPDATE, "b-1"));
        ApiResponse toA = api.handle(post(A_SESSION_2, UPDATE.replace("UPDATE", "TRACK"), "a-2"));

        assertThat(toB.status()).isEqualTo(404);
        assertThat(toB.body()).doesNotContain(running);
        assertThat(toB.headers()).doesNotContainKey("Location");
        assertThat(toA.status())
                .as("the owner, from another session of its role")
                .isEqualTo(409);
        assertThat(json(toA).path("runningImportId").asText()).isEqualTo(running);
    }

    @Test
    void sessionsOfOneRole_seeTheSameImportsAndShareIdempotencyKeys() {
        ApiResponse first = api.handle(post(A_SESSION_1, UPDATE, "nightly-1"));
        ApiResponse second = api.handle(post(A_SESSION_2, UPDATE, "nightly-1"));

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.headers()).containsEntry("Idempotent-Replayed", "true");
        String importId = json(first).path("importId").asText();
        assertThat(json(second).path("importId").asText()).isEqualTo(importId);
        assertThat(api.handle(get(A_SESSION_2, importId)).status()).isEqualTo(200);
        assertThat(api.handle(get(B, importId)).status()).isEqualTo(404);
    }

    @Test
    void get_whenARecordWasWrittenBeforeTheUpgradeBySession_staysReadableByThatSession() {
        String legacyImport = "imp-0000000000000000000000aa";
        store.createImport(Records.pending(
                legacyImport,
                ImportType.IMPORT,
                CallerIdentity.of(A_SESSION_1).legacyKey(),
                "alice",
                null,
                null,
                null,
                false,
                "h",
                clock.instant()));

        assertThat(api.handle(get(A_SESSION_1, legacyImport)).status()).isEqualTo(200);
        assertThat(api.handle(get(B, legacyImport)).status()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void post_whenTheLockHoldersExecutionHasEnded_takesTheConnectionWhateverTheLease() {
        String dead = json(api.handle(post(A_SESSION_1, UPDATE, "a-1")))
                .path("importId")
                .asText();
        // Step Functions refuses an idempotent start once that execution is closed (stopped without our Catch path).
        when(sfn.startExecution(any(Consumer.class))).thenAnswer(invocation -> {
            StartExecutionRequest.Builder b = StartExecutionRequest.builder();
            ((Consumer<StartExecutionRequest.Builder>) invocation.getArgument(0)).accept(b);
            if (b.build().name().equals(dead))
                throw ExecutionAlreadyExistsException.builder()
                        .message("closed")
                        .build();
            return null;
        });
        clock.advance(Duration.ofMinutes(1));

        ApiResponse response = api.handle(post(A_SESSION_1, UPDATE, "a-2"));

        assertThat(response.status()).isEqualTo(202);
        String fresh = json(response).path("importId").asText();
        assertThat(locks.holder(100001L)).hasValueSatisfying(h -> {
            assertThat(h.importId()).isEqualTo(fresh);
            assertThat(h.executionArn()).isEqualTo(ARN.replace(":stateMachine:", ":execution:") + ":" + fresh);
        });
    }

    @Test
    void post_whenTheLockHoldersExecutionRuns_staysBusyForItsOwner() {
        String running = json(api.handle(post(A_SESSION_1, UPDATE, "a-1")))
                .path("importId")
                .asText();

        ApiResponse response = api.handle(post(A_SESSION_1, UPDATE, "a-2"));

        assertThat(response.status()).isEqualTo(409);
        assertThat(locks.holder(100001L))
                .hasValueSatisfying(h -> assertThat(h.importId()).isEqualTo(running));
    }
}
