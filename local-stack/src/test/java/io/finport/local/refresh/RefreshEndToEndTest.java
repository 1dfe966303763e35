package io.finport.local.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.local.LocalApiClient;
import io.finport.local.LocalStack;
import io.finport.local.Pause;
import io.finport.local.RefreshResources;
import io.finport.local.RefreshRun;
import io.finport.local.RefreshRun.PlannedConnection;
import io.finport.local.SharedStack;
import io.finport.local.UpdateConcurrency;
import io.finport.workflow.refresh.RefreshItems;
import io.finport.workflow.refresh.RefreshStore;
import io.finport.workflow.tenant.CallerIdentity;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A refresh over 50 connections of 5 users (scenarios/refresh/refresh-mixed.json) on the local stack: moto executes
 * statemachine/refresh-workflow.asl.json with its Distributed Map, each due connection runs the real import workflow as
 * a child execution against the finAPI sandbox, and MaxConcurrency is lowered to 8 so the bound is reached.
 * <p>
 * With FINPORT_STACK_NAME set it runs against that deployed stack instead (the LocalStack tier deploys it with
 * RefreshMaxConcurrency=8): LocalStack's Step Functions then runs the Distributed Map, S3 ItemReader and ResultWriter
 * and the child executions, and the deployed Lambdas do the work. LocalStack's API reports no caller, so every request
 * there is the anonymous caller's: the refresh names its users, as the stack may hold that caller's other
 * connections, and what needs a second caller on the API is checked locally only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefreshEndToEndTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_CONCURRENCY = 8;
    private static final String KEY = "nightly-2026-12-02";

    private static LocalStack stack;
    private static RefreshStore store;
    private static RefreshRun run;
    private static RefreshRun.Plan plan;
    private static LocalApiClient.Response first;
    private static LocalApiClient.Response replay;
    private static LocalApiClient.Response reusedKey;
    private static String refreshId;
    private static JsonNode record;

    @BeforeAll
    static void refresh() throws Exception {
        if (SharedStack.attached()) {
            stack = SharedStack.get();
        } else {
            stack = LocalStack.start(LocalStack.Options.defaults(LocalStack.repoRoot()));
            stack.reconfigureRefresh(RefreshResources.Settings.defaults().withMaxConcurrency(MAX_CONCURRENCY));
        }
        assertThat(stack.refreshSettings().maxConcurrency())
                .as("the bound this test reaches (the LocalStack tier deploys RefreshMaxConcurrency=8)")
                .isEqualTo(MAX_CONCURRENCY);
        run = new RefreshRun(stack);
        store = stack.isLocal()
                ? stack.workflow().refreshes().store()
                : new RefreshStore(
                        () -> stack.clients().dynamoDb(),
                        stack.deployed().tableName(),
                        Duration.ofDays(1),
                        Clock.systemUTC());
        JsonNode scenario = MAPPER.readTree(
                Files.readString(LocalStack.repoRoot().resolve("scenarios/refresh/refresh-mixed.json")));
        plan = run.prepare(scenario);
        String body = run.body(scenario, plan);
        first = run.post(run.caller(), KEY, body);
        replay = run.post(run.caller(), KEY, body);
        reusedKey = run.post(
                run.caller(), KEY, "{\"userReferences\":[\"" + plan.users().get(1) + "\"]}");
        refreshId = first.json().path("refreshId").asText();
        record = run.await(refreshId, run.caller(), patience(), null);
    }

    @AfterAll
    static void stop() {
        // An attached stack is the JVM's shared one, closed at exit.
        if (stack != null && stack.isLocal()) stack.close();
    }

    @Test
    void refresh_whenItEnds_countsEveryOutcomeAndSkipReasonAsPlanned() {
        assertThat(record.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(record.path("connections").asLong()).isEqualTo(50);
        assertThat(record.path("done").asLong()).isEqualTo(50);
        assertThat(counts(record.path("outcomes"))).isEqualTo(plan.expectedOutcomes());
        Map<String, Long> skipped = counts(record.path("skipped"));
        skipped.values().removeIf(v -> v == 0);
        assertThat(skipped).isEqualTo(plan.expectedSkips());
        assertThat(plan.expectedSkips().keySet())
                .containsExactlyInAnyOrder(
                        "LOCKED", "REFRESHED_RECENTLY", "UNATTENDED_LIMIT", "USER_ACTION_REQUIRED", "CONSENT_EXPIRED");
        assertThat(plan.expectedOutcomes().keySet())
                .containsExactlyInAnyOrder("SUCCEEDED", "PARTIALLY_FAILED", "FAILED", "USER_ACTION_REQUIRED");
    }

    @Test
    void refresh_whenItEnds_gaveEachConnectionItsPlannedResult() {
        Map<Long, String> results = store.items(refreshId);
        Map<Long, String> expected = new TreeMap<>();
        for (PlannedConnection c : plan.connections()) {
            if (c.expected().equals("SKIP_LOCKED") || !c.expected().startsWith("SKIP_")) {
                expected.put(
                        c.bankConnectionId(),
                        c.expected().startsWith("SKIP_")
                                ? "skip_" + c.expected().substring(5)
                                : "outcome_" + c.expected());
            }
        }
        // Skips found while building the manifest are counted there; the items that ran or were refused at their turn
        // each have a result.
        assertThat(results)
                .containsAllEntriesOf(expected.entrySet().stream()
                        .filter(e -> !e.getValue().equals("skip_LOCKED"))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void refresh_whenItEnds_updatedNoConnectionTwiceAndNoneItSkipped() {
        List<String> problems = new ArrayList<>();
        for (PlannedConnection c : plan.connections()) {
            long updates = stack.sandbox().updateCalls(c.bankConnectionId());
            long wanted = c.expected().startsWith("SKIP_") ? (c.expected().equals("SKIP_LOCKED") ? 1 : 0) : 1;
            if (updates != wanted)
                problems.add(c.bankConnectionId() + " (" + c.expected() + "): " + updates + " updates");
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void refresh_whenAConnectionIsLocked_skipsItAndTheRunningImportFinishes() {
        LocalApiClient api = new LocalApiClient(stack.apiUrl());
        for (String importId : plan.lockingImports()) {
            JsonNode imported = awaitOutcome(api, importId);
            assertThat(imported.path("outcome").asText()).as(importId).isEqualTo("SUCCEEDED");
        }
        assertThat(plan.lockingImports()).hasSize(3);
    }

    @Test
    void refresh_whenRunning_neverHasMoreFinapiUpdatesInFlightThanMaxConcurrency() {
        int peak = UpdateConcurrency.peak(stack.sandbox().requests(), plan.refreshed());
        assertThat(peak).isLessThanOrEqualTo(MAX_CONCURRENCY).isGreaterThan(1);
    }

    @Test
    void refresh_whenItEnds_ranOneChildImportExecutionPerQueuedConnection() {
        Set<String> children = new HashSet<>();
        for (ExecutionListItem e : stack.clients()
                .sfn()
                .listExecutionsPaginator(b -> b.stateMachineArn(stack.deployed().stateMachineArn()))
                .executions()) {
            children.add(e.name());
        }
        Set<String> expected = new HashSet<>();
        plan.refreshed().forEach(id -> expected.add(RefreshItems.importIdOf(refreshId, id)));
        assertThat(expected).hasSize(38);
        assertThat(children).containsAll(expected);
    }

    @Test
    void post_whenRepeatedWithTheSameIdempotencyKey_startsOneRun() {
        assertThat(first.status()).isEqualTo(202);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.json().path("refreshId").asText()).isEqualTo(refreshId);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(reusedKey.status()).isEqualTo(422);
        assertThat(reusedKey.json().path("field").asText()).isEqualTo("Idempotency-Key");
        List<String> runs = new ArrayList<>();
        stack.clients()
                .sfn()
                .listExecutionsPaginator(b -> b.stateMachineArn(stack.refresh().stateMachineArn()))
                .executions()
                .forEach(e -> runs.add(e.name()));
        assertThat(runs).containsExactly(refreshId);
    }

    @Test
    void manifest_whenWritten_holdsOnlyTheCallersConnections() throws Exception {
        String location = record.path("manifest").asText();
        String key = location.substring(("s3://" + stack.refresh().bucket() + "/").length());
        JsonNode manifest = MAPPER.readTree(stack.clients()
                .s3()
                .getObjectAsBytes(b -> b.bucket(stack.refresh().bucket()).key(key))
                .asByteArray());
        String caller = CallerIdentity.of(run.caller()).key();
        Set<Long> ids = new HashSet<>();
        manifest.forEach(item -> {
            ids.add(item.path("bankConnectionId").asLong());
            assertThat(item.path("callerId").asText()).isEqualTo(caller);
            assertThat(item.size()).as("ids only").isEqualTo(2);
        });
        assertThat(ids).hasSize(38).doesNotContainAnyElementsOf(plan.otherCallersConnections());
        assertThat(plan.otherCallersConnections())
                .hasSize(5)
                .allSatisfy(id -> assertThat(stack.sandbox().updateCalls(id)).isZero());
    }

    @Test
    void get_fromAnotherCaller_isNotFound() {
        assumeTrue(stack.isLocal(), "LocalStack's API reports no caller identity, so there is no other caller there");
        assertThat(run.get(refreshId, RefreshRun.OTHER_CALLER).status()).isEqualTo(404);
        assertThat(run.get(refreshId, run.caller()).status()).isEqualTo(200);
    }

    @Test
    void notification_whenTheRunEnds_isOneMessageWithCountsOnly() {
        List<JsonNode> runMessages = new ArrayList<>();
        for (int batch = 0; batch < 30; batch++) {
            List<Message> messages = stack.clients()
                    .sqs()
                    .receiveMessage(b -> b.queueUrl(stack.deployed().allNotificationsQueueUrl())
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) break;
            for (Message m : messages) {
                JsonNode envelope = read(m.body());
                if (envelope.path("MessageAttributes")
                        .path("importType")
                        .path("Value")
                        .asText()
                        .equals("REFRESH")) runMessages.add(envelope);
            }
        }
        assertThat(runMessages).hasSize(1);
        JsonNode body = read(runMessages.get(0).path("Message").asText());
        assertThat(body.path("refreshId").asText()).isEqualTo(refreshId);
        assertThat(body.path("outcome").asText()).isEqualTo("PARTIALLY_FAILED");
        assertThat(runMessages
                        .get(0)
                        .path("MessageAttributes")
                        .path("outcome")
                        .path("Value")
                        .asText())
                .isEqualTo("PARTIALLY_FAILED");
        assertThat(body.toString()).doesNotContain("DE89", "accountName", "Girokonto");
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it updates connections the other tests count
    void scheduledRun_whenTheSchedulerStartsIt_coversEveryCallersConnections() throws Exception {
        // What EventBridge Scheduler sends (template.yaml RefreshStateMachine Events.Scheduled): its own execution
        // name.
        String name = java.util.UUID.randomUUID().toString();
        stack.clients()
                .sfn()
                .startExecution(b -> b.stateMachineArn(stack.refresh().stateMachineArn())
                        .name(name)
                        .input("{\"trigger\":\"SCHEDULE\"}"));
        io.finport.workflow.refresh.RefreshRecord scheduled = null;
        java.time.Instant deadline = java.time.Instant.now().plus(patience());
        while (java.time.Instant.now().isBefore(deadline) && (scheduled == null || !scheduled.isFinished())) {
            Pause.sleepOrFail(Duration.ofMillis(500));
            scheduled = store.find(name).orElse(null);
        }
        assertThat(scheduled).isNotNull();
        assertThat(scheduled.status()).isEqualTo(io.finport.workflow.refresh.RefreshStatus.COMPLETED);
        assertThat(scheduled.trigger()).isEqualTo("SCHEDULE");
        assertThat(scheduled.callerId()).as("every caller").isNull();
        if (stack.isLocal()) {
            assertThat(scheduled.connections())
                    .as("this caller's 50 and the other caller's 5")
                    .isEqualTo(55);
        } else {
            assertThat(scheduled.connections())
                    .as("this caller's 50, the other caller's 5, and whatever the deployed stack knew before")
                    .isGreaterThanOrEqualTo(55);
        }
        assertThat(plan.otherCallersConnections())
                .allSatisfy(id -> assertThat(stack.sandbox().updateCalls(id))
                        .as("other caller's " + id)
                        .isEqualTo(1));
    }

    /** How long a run may take: LocalStack starts a JVM per concurrent Lambda environment, moto runs them in this one. */
    private static Duration patience() {
        return Duration.ofMinutes(stack.isLocal() ? 5 : 15);
    }

    private static JsonNode awaitOutcome(LocalApiClient api, String importId) {
        java.time.Instant deadline = java.time.Instant.now().plus(patience());
        while (java.time.Instant.now().isBefore(deadline)) {
            JsonNode r = api.getImport(importId).json();
            if (r.hasNonNull("outcome")) return r;
            Pause.sleepOrFail(Duration.ofMillis(500));
        }
        throw new IllegalStateException(importId + " did not end");
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new TreeMap<>();
        node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
