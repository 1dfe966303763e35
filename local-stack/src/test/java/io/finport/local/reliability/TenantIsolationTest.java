package io.finport.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.local.LocalApiClient;
import io.finport.local.LocalStack;
import io.finport.sandbox.RegisteredScenario;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Two callers, A (two sessions of one role) and B, against the local stack: B never reaches A's finAPI user, A's
 * connection or A's imports; a stopped execution heals itself; concurrent first uses create one finAPI user.
 * The figures go to {@link TenantProbes}, which writes them into docs/reliability.md and docs/security.md.
 */
class TenantIsolationTest {
    private static final String A1 = "arn:aws:sts::111111111111:assumed-role/TenantA/session-1";
    private static final String A2 = "arn:aws:sts::111111111111:assumed-role/TenantA/session-2";
    private static final String B = "arn:aws:sts::222222222222:assumed-role/TenantB/session-1";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int FIRST_USE_RACERS = 20;

    private static LocalStack stack;

    @BeforeAll
    static void stack() {
        stack = Reliability.stack();
        Reliability.tapNotifications(stack);
    }

    @AfterAll
    static void writeProbes() {
        TenantProbes.publish(LocalStack.repoRoot());
    }

    // ---- callers ---------------------------------------------------------------------------------------------

    /** A caller of the local API: X-Local-Caller carries its ARN, as API Gateway's identity.userArn would. */
    private record Caller(String arn) {
        LocalApiClient.Response post(String body, String key) {
            Map<String, String> headers = new java.util.HashMap<>(Map.of("X-Local-Caller", arn));
            if (key != null) headers.put("Idempotency-Key", key);
            return Reliability.api(stack).postImport(body, headers);
        }

        LocalApiClient.Response get(String importId) {
            return Reliability.api(stack)
                    .send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/imports/" + importId))
                            .header("X-Local-Caller", arn)
                            .timeout(Duration.ofSeconds(30))
                            .GET()
                            .build());
        }

        /** Polls the caller's own view until the outcome is recorded and notified. */
        JsonNode awaitOutcome(String importId) {
            Instant deadline = Instant.now().plus(TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                LocalApiClient.Response r = get(importId);
                if (r.status() == 200
                        && r.json().hasNonNull("outcome")
                        && r.json().has("notifiedAt")) return r.json();
                Reliability.pause(200);
            }
            throw new AssertionError(
                    "import " + importId + " has no notified outcome after " + TIMEOUT.toSeconds() + " s");
        }
    }

    private static final Caller TENANT_A = new Caller(A1);
    private static final Caller TENANT_A_OTHER_SESSION = new Caller(A2);
    private static final Caller TENANT_B = new Caller(B);

    private static String reference(String name) {
        return name + "-" + Long.toString(System.nanoTime(), 36);
    }

    private static String update(String type, String reference, long connectionId) {
        return "{\"type\":\"" + type + "\",\"userReference\":\"" + reference + "\",\"bankConnectionId\":" + connectionId
                + "}";
    }

    private static RegisteredScenario updateScenario(String name, String pollsUntilReady) {
        return stack.sandbox().register("""
                {"name":"%s","type":"UPDATE","bankConnection":{"bankingInterface":"XS2A","pollsUntilReady":%s},
                 "accounts":[{"accountName":"Girokonto","status":"UPDATED"},{"accountName":"Tagesgeld","status":"UPDATED"}]}""".formatted(name, pollsUntilReady));
    }

    private static String accepted(LocalApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().path("importId").asText();
    }

    private static boolean lockExists(long connectionId) {
        return stack.clients()
                .dynamoDb()
                .getItem(b -> b.tableName(stack.deployed().tableName())
                        .consistentRead(true)
                        .key(Map.of(
                                "pk",
                                AttributeValue.fromS("LOCK#CONNECTION#" + connectionId),
                                "sk",
                                AttributeValue.fromS("LOCK"))))
                .hasItem();
    }

    // ---- probes ----------------------------------------------------------------------------------------------

    @Test
    void callerB_whenUsingCallerAsReferenceAndConnection_gets404AndNeitherALockNorAFinapiUpdate() {
        RegisteredScenario a = updateScenario("tenant-a-update", "2");
        long connection = a.bankConnectionId();
        String alice = reference("alice");
        String aImport = accepted(TENANT_A.post(update("UPDATE", alice, connection), "a-" + UUID.randomUUID()));
        assertThat(TENANT_A.awaitOutcome(aImport).path("outcome").asText()).isEqualTo("SUCCEEDED");
        long updatesBefore = stack.sandbox().updateCalls(connection);
        String ownerOfA = stack.sandbox().connectionOwner(connection);

        LocalApiClient.Response bUpdate = TENANT_B.post(update("UPDATE", alice, connection), "b-" + UUID.randomUUID());
        LocalApiClient.Response bTrack = TENANT_B.post(update("TRACK", alice, connection), "b-" + UUID.randomUUID());
        LocalApiClient.Response bRead = TENANT_B.get(aImport);

        for (LocalApiClient.Response r : List.of(bUpdate, bTrack)) {
            assertThat(r.status()).as(r.body()).isEqualTo(404);
            assertThat(r.json().path("error").asText()).isEqualTo("NOT_FOUND");
            assertThat(r.json().path("field").asText()).isEqualTo("bankConnectionId");
            assertThat(r.body()).doesNotContain(aImport);
        }
        assertThat(lockExists(connection)).as("lock taken for B").isFalse();
        assertThat(stack.sandbox().updateCalls(connection))
                .as("finAPI update calls after B's requests")
                .isEqualTo(updatesBefore);
        assertThat(bRead.status()).isEqualTo(404);
        assertThat(bRead.body()).doesNotContain("Girokonto");

        // B's own "alice" is B's own finAPI user: it updates a connection nobody owns yet, as another finAPI user.
        RegisteredScenario b = updateScenario("tenant-b-update", "1");
        String bImport =
                accepted(TENANT_B.post(update("UPDATE", alice, b.bankConnectionId()), "b-" + UUID.randomUUID()));
        assertThat(TENANT_B.awaitOutcome(bImport).path("outcome").asText()).isEqualTo("SUCCEEDED");
        String ownerOfB = stack.sandbox().connectionOwner(b.bankConnectionId());
        assertThat(ownerOfA).isNotNull();
        assertThat(ownerOfB).as("finAPI user behind B's 'alice'").isNotNull().isNotEqualTo(ownerOfA);

        TenantProbes.record(
                "b_update_track_of_a_connection",
                "B's UPDATE and TRACK of A's connection (A's userReference)",
                "404 `NOT_FOUND` (field `bankConnectionId`), no lock item, no finAPI update call",
                "2 requests: 2 × 404, " + (stack.sandbox().updateCalls(connection) - updatesBefore)
                        + " finAPI update calls, " + (lockExists(connection) ? 1 : 0) + " locks");
        TenantProbes.record(
                "b_read_a_import", "B's `GET` of A's import", "404, no account data", "1 request: " + bRead.status());
        TenantProbes.record(
                "b_reference_is_own_user",
                "B sends A's userReference for a connection nobody owns",
                "B's own finAPI user runs it; A's finAPI user is not used",
                "2 distinct finAPI users behind one userReference");
    }

    @Test
    void aRunningImport_isNamedInA409OnlyToItsOwnerAndToAnyoneElseTheConnectionDoesNotExist() {
        RegisteredScenario a = updateScenario("tenant-a-busy", "6");
        long connection = a.bankConnectionId();
        String alice = reference("alice");
        String running = accepted(TENANT_A.post(update("UPDATE", alice, connection), "a-" + UUID.randomUUID()));

        LocalApiClient.Response toB =
                TENANT_B.post(update("UPDATE", reference("bob"), connection), "b-" + UUID.randomUUID());
        LocalApiClient.Response toOwner =
                TENANT_A_OTHER_SESSION.post(update("TRACK", alice, connection), "a-" + UUID.randomUUID());

        assertThat(toB.status()).as(toB.body()).isEqualTo(404);
        assertThat(toB.body()).doesNotContain(running).doesNotContain("runningImportId");
        assertThat(toB.header("Location")).isNull();
        assertThat(toOwner.status()).as(toOwner.body()).isEqualTo(409);
        assertThat(toOwner.json().path("runningImportId").asText()).isEqualTo(running);
        assertThat(TENANT_A.awaitOutcome(running).path("outcome").asText()).isEqualTo("SUCCEEDED");

        TenantProbes.record(
                "busy_disclosure",
                "A's import runs; B and A (another session) POST for the connection",
                "B: 404 without `runningImportId` or `Location`; A: 409 naming the running import",
                "B " + toB.status() + ", A " + toOwner.status());
    }

    @Test
    void twoSessionsOfOneRole_seeTheSameImportsAndOneIdempotencyKeyStartsOneRun() {
        RegisteredScenario a = updateScenario("tenant-a-sessions", "1");
        String key = "nightly-" + UUID.randomUUID();
        String body = update("UPDATE", reference("alice"), a.bankConnectionId());

        LocalApiClient.Response first = TENANT_A.post(body, key);
        LocalApiClient.Response second = TENANT_A_OTHER_SESSION.post(body, key);

        String importId = accepted(first);
        assertThat(accepted(second)).isEqualTo(importId);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        JsonNode outcome = TENANT_A_OTHER_SESSION.awaitOutcome(importId);
        assertThat(outcome.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(TENANT_A.get(importId).status()).isEqualTo(200);
        long runs = Reliability.executions(stack).stream()
                .filter(e -> e.name().equals(importId))
                .count();
        assertThat(runs).as("executions for the key").isEqualTo(1);
        assertThat(stack.sandbox().updateCalls(a.bankConnectionId())).isEqualTo(1);

        TenantProbes.record(
                "sessions_share_imports",
                "One Idempotency-Key from two sessions of one role; each reads",
                "the same importId (second `Idempotent-Replayed: true`), one execution, both sessions read it",
                "2 × 202 with 1 importId, " + runs + " execution, "
                        + stack.sandbox().updateCalls(a.bankConnectionId()) + " finAPI update, 2 × 200 on GET");
    }

    @Test
    void stopExecution_midRun_recordsFailedWithinSecondsNotifiesOnceAndFreesTheConnection() {
        RegisteredScenario a = updateScenario("tenant-a-stopped", "\"never\"");
        long connection = a.bankConnectionId();
        String alice = reference("alice");
        String importId = accepted(TENANT_A.post(update("UPDATE", alice, connection), "a-" + UUID.randomUUID()));
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!"IN_PROGRESS"
                .equals(TENANT_A.get(importId).json().path("status").asText())) {
            assertThat(Instant.now()).as("import running").isBefore(deadline);
            Reliability.pause(100);
        }

        Instant stopped = Instant.now();
        stack.clients().sfn().stopExecution(b -> b.executionArn(Reliability.executionArn(stack, importId)));
        JsonNode healed = TENANT_A.awaitOutcome(importId);
        Duration healedAfter = Duration.between(stopped, Instant.now());

        assertThat(Reliability.status(stack, importId)).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(healed.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(healed.path("reason").asText()).contains("stopped").contains("ABORTED");
        assertThat(healedAfter)
                .as("time from StopExecution to a notified FAILED")
                .isLessThan(Duration.ofSeconds(10));
        Reliability.pause(3_000); // a second message would have arrived by now
        int messages = Reliability.publishedFor(stack, importId).size();
        assertThat(messages).as("notifications").isEqualTo(1);
        assertThat(lockExists(connection)).as("lock after healing").isFalse();

        String next = accepted(TENANT_A.post(update("UPDATE", alice, connection), "a-" + UUID.randomUUID()));
        stack.clients().sfn().stopExecution(b -> b.executionArn(Reliability.executionArn(stack, next)));
        assertThat(TENANT_A.awaitOutcome(next).path("outcome").asText()).isEqualTo("FAILED");

        TenantProbes.record(
                "stop_execution_heals",
                "`StopExecution` while the import polls (execution ABORTED)",
                "FAILED with the reason, one notification, the connection free (next POST 202)",
                "FAILED after " + String.format("%.1f", healedAfter.toMillis() / 1000.0) + " s, " + messages
                        + " notification, next POST 202");
    }

    @Test
    void twentyConcurrentFirstUsesOfOneReference_createExactlyOneFinapiUser() throws Exception {
        RegisteredScenario scenario = stack.sandbox().register("""
                {"name":"tenant-first-use","type":"IMPORT","webForm":{"pollsUntilFinal":1,"status":"COMPLETED"},
                 "bankConnection":{"pollsUntilReady":1},"accounts":[{"accountName":"Girokonto","status":"UPDATED"}]}""");
        String body = "{\"type\":\"IMPORT\",\"userReference\":\"" + reference("first-use") + "\",\"bankId\":"
                + scenario.bankId() + "}";
        long createdBefore = stack.sandbox().usersCreated();
        long deletedBefore = stack.sandbox().usersDeleted();

        List<String> imports = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CyclicBarrier together = new CyclicBarrier(FIRST_USE_RACERS);
            List<Future<LocalApiClient.Response>> answers = new ArrayList<>();
            for (int i = 0; i < FIRST_USE_RACERS; i++) {
                answers.add(pool.submit(() -> {
                    together.await();
                    return TENANT_A.post(body, null);
                }));
            }
            for (Future<LocalApiClient.Response> answer : answers) imports.add(accepted(answer.get()));
        }
        List<JsonNode> records = imports.stream().map(TENANT_A::awaitOutcome).toList();
        List<String> outcomes = records.stream()
                .map(r -> r.path("outcome").asText() + ": " + r.path("reason").asText())
                .toList();

        long created = stack.sandbox().usersCreated() - createdBefore;
        long deleted = stack.sandbox().usersDeleted() - deletedBefore;
        assertThat(records)
                .extracting(r -> r.path("outcome").asText())
                .as(outcomes.toString())
                .containsOnly("SUCCEEDED");
        assertThat(created).as("finAPI users created").isEqualTo(1);
        assertThat(deleted).as("finAPI users deleted (orphans)").isZero();

        TenantProbes.record(
                "first_use_race",
                FIRST_USE_RACERS + " concurrent first-use IMPORTs for one new userReference",
                "exactly one finAPI user created, none orphaned",
                FIRST_USE_RACERS + " imports SUCCEEDED, " + created + " finAPI user created, " + deleted + " deleted");
    }
}
