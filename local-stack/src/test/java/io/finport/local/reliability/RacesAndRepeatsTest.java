package io.finport.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.finport.local.LocalApiClient;
import io.finport.local.LocalStack;
import io.finport.local.ScenarioRun;
import io.finport.sandbox.RecordedRequest;
import io.finport.workflow.Workflow;
import io.finport.workflow.handler.CheckStatusHandler;
import io.finport.workflow.handler.NotifyOutcomeHandler;
import io.finport.workflow.handler.RecordFailureHandler;
import io.finport.workflow.handler.RecordOutcomeHandler;
import io.finport.workflow.handler.StartImportHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Races and repeats through the whole local stack: concurrent POSTs for one bank connection, the same
 * Idempotency-Key racing itself, every task handler run twice with the same input while an import runs (a Step
 * Functions retry after a lost result), and every handler re-run after the import finished (a redrive).
 */
class RacesAndRepeatsTest {
    private static final String UPDATE = "POST /api/v2/bankConnections/update";
    private static final List<String> TASK_FUNCTIONS = List.of(
            "StartImportFunction",
            "CheckStatusFunction",
            "RecordOutcomeFunction",
            "RecordFailureFunction",
            "NotifyOutcomeFunction");
    private static final int RACING_CONNECTIONS = 4;
    private static LocalStack stack;
    private static LocalApiClient api;

    @BeforeAll
    static void shareStack() {
        stack = Reliability.stack();
        api = Reliability.api(stack);
        Reliability.tapNotifications(stack);
    }

    @AfterEach
    void restoreHandlers() {
        // Re-registers the template's handlers (undoes any wrapper a test installed).
        stack.reconfigure(stack.options());
        stack.lambdas().injectFaults(null);
    }

    @AfterAll
    static void printCounts() {
        Reliability.reportCounts("race_pairs", "race_conflicts_409", "tasks_run_twice", "redriven_task_invocations");
    }

    @Test
    void postImport_whenTwoRequestsForOneConnectionRace_acceptsOneAndAnswersTheOther409WithTheRunningImport()
            throws Exception {
        String scenarioJson = Reliability.read(Reliability.scenarioFile("update-two-accounts"));
        Set<String> executionsBefore = executionNames();
        List<Reliability.Started> accepted = new ArrayList<>();
        List<LocalApiClient.Response> conflicts = new ArrayList<>();
        List<io.finport.sandbox.RegisteredScenario> registrations = new ArrayList<>();

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<List<Future<LocalApiClient.Response>>> pairs = new ArrayList<>();
            for (int c = 0; c < RACING_CONNECTIONS; c++) {
                var registered = stack.sandbox().register(scenarioJson);
                registrations.add(registered);
                String body = ScenarioRun.requestBody(Reliability.json(scenarioJson), registered)
                        .toString();
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<LocalApiClient.Response>> pair = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    pair.add(pool.submit(() -> {
                        together.await();
                        return api.postImport(body, "race-" + UUID.randomUUID());
                    }));
                }
                pairs.add(pair);
            }
            for (int c = 0; c < RACING_CONNECTIONS; c++) {
                List<LocalApiClient.Response> answers =
                        List.of(pairs.get(c).get(0).get(), pairs.get(c).get(1).get());
                assertThat(answers).extracting(LocalApiClient.Response::status).containsExactlyInAnyOrder(202, 409);
                LocalApiClient.Response ok = answers.stream()
                        .filter(r -> r.status() == 202)
                        .findFirst()
                        .orElseThrow();
                LocalApiClient.Response busy = answers.stream()
                        .filter(r -> r.status() == 409)
                        .findFirst()
                        .orElseThrow();
                String importId = ok.json().path("importId").asText();
                assertThat(busy.json().path("error").asText()).isEqualTo("CONNECTION_BUSY");
                assertThat(busy.json().path("field").asText()).isEqualTo("bankConnectionId");
                assertThat(busy.json().path("runningImportId").asText()).isEqualTo(importId);
                assertThat(busy.header("Location")).endsWith("/imports/" + importId);
                accepted.add(new Reliability.Started(importId, registrations.get(c), Reliability.json(scenarioJson)));
                conflicts.add(busy);
            }
        }
        Reliability.count("race_pairs", RACING_CONNECTIONS);
        Reliability.count("race_conflicts_409", conflicts.size());

        awaitAll(accepted);
        Set<String> started = new HashSet<>(executionNames());
        started.removeAll(executionsBefore);
        assertThat(started)
                .as("executions the race started")
                .containsExactlyInAnyOrderElementsOf(
                        accepted.stream().map(Reliability.Started::importId).toList());
        for (var s : accepted) {
            assertThat(requests(s, UPDATE)).as("finAPI update calls").hasSize(1);
        }

        // The finished import released the lock: the next request for each connection is accepted.
        for (var s : accepted) {
            LocalApiClient.Response again = api.postImport(
                    ScenarioRun.requestBody(s.scenario(), s.registered()).toString(), "after-" + UUID.randomUUID());
            assertThat(again.status())
                    .as("POST after the running import finished: %s", again.body())
                    .isEqualTo(202);
        }
        // These follow-up imports finish on their own; tests that scan everything wait for all executions to close.
    }

    @Test
    void postImport_whenTheSameIdempotencyKeyRacesItself_startsOneExecutionAndMarksOneAnswerReplayed()
            throws Exception {
        String scenarioJson = Reliability.read(Reliability.scenarioFile("update-two-accounts"));
        var registered = stack.sandbox().register(scenarioJson);
        String body = ScenarioRun.requestBody(Reliability.json(scenarioJson), registered)
                .toString();
        String key = "same-" + UUID.randomUUID();
        CyclicBarrier together = new CyclicBarrier(3);
        List<LocalApiClient.Response> answers = new ArrayList<>();

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<LocalApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(pool.submit(() -> {
                    together.await();
                    return api.postImport(body, key);
                }));
            }
            for (var f : futures) answers.add(f.get());
        }

        assertThat(answers).extracting(LocalApiClient.Response::status).containsOnly(202);
        Set<String> ids =
                answers.stream().map(r -> r.json().path("importId").asText()).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
        String importId = ids.iterator().next();
        assertThat(answers.stream()
                        .filter(r -> "true".equals(r.header("Idempotent-Replayed")))
                        .count())
                .isEqualTo(2);
        var started = new Reliability.Started(importId, registered, Reliability.json(scenarioJson));
        Reliability.await(stack, started);
        assertThat(executionNames().stream().filter(importId::equals).count()).isEqualTo(1);
        assertThat(requests(started, UPDATE)).hasSize(1);
        assertThat(Reliability.publishedFor(stack, importId)).hasSize(1);
    }

    @Test
    void everyTask_whenRunTwiceWithTheSameInputWhileTheImportRuns_hasOneEffect() throws Exception {
        Map<String, AtomicInteger> doubled = new ConcurrentHashMap<>();
        Workflow workflow = stack.workflow();
        Map<String, RequestStreamHandler> real = Map.of(
                "StartImportFunction", new StartImportHandler(workflow.imports()),
                "CheckStatusFunction", new CheckStatusHandler(workflow.imports()),
                "RecordOutcomeFunction", new RecordOutcomeHandler(workflow.imports(), workflow.delivery()),
                "RecordFailureFunction", new RecordFailureHandler(workflow.imports(), workflow.failures()),
                "NotifyOutcomeFunction", new NotifyOutcomeHandler(workflow.delivery()));
        real.forEach((name, handler) -> stack.lambdas()
                .register(name, new RunTwice(handler, doubled.computeIfAbsent(name, k -> new AtomicInteger()))));
        // Each scenario exercises other tasks: the success path, the web form path and the Catch path.
        List<String> names = List.of("update-two-accounts", "import-webform-completed", "update-consent-expired");
        List<Reliability.Started> runs = new ArrayList<>();
        for (String name : names) {
            String scenarioJson = Reliability.read(Reliability.scenarioFile(name));
            var registered = stack.sandbox().register(scenarioJson);
            JsonNode scenario = Reliability.json(scenarioJson);
            String importId = new ScenarioRun(stack).start(scenario, registered, "twice-" + UUID.randomUUID());
            runs.add(new Reliability.Started(importId, registered, scenario));
        }

        List<ScenarioRun.Result> results = awaitAll(runs);

        for (ScenarioRun.Result result : results) {
            String name = result.scenario().path("name").asText();
            assertThat(result.finalRecord().path("outcome").asText())
                    .as(name)
                    .isEqualTo(result.scenario().path("expect").path("outcome").asText());
            assertThat(Reliability.publishedFor(stack, result.importId()))
                    .as("SNS messages of %s", name)
                    .hasSize(1);
            var started = new Reliability.Started(result.importId(), result.registered(), result.scenario());
            if (name.startsWith("update-two")) {
                assertThat(requests(started, UPDATE))
                        .as("finAPI update calls of %s", name)
                        .hasSize(1);
                assertThat(result.finalRecord().path("accounts")).hasSize(2);
            }
            if (name.startsWith("import-")) {
                assertThat(requests(started, "POST /api/webForms/bankConnectionImport"))
                        .as("web forms of %s", name)
                        .hasSize(1);
            }
        }
        for (String function : List.of(
                "StartImportFunction",
                "CheckStatusFunction",
                "RecordOutcomeFunction",
                "RecordFailureFunction",
                "NotifyOutcomeFunction")) {
            assertThat(doubled.get(function).get())
                    .as("%s ran twice at least once", function)
                    .isPositive();
        }
        Reliability.count(
                "tasks_run_twice",
                doubled.values().stream().mapToInt(AtomicInteger::get).sum());
    }

    @Test
    void everyTask_whenRedrivenAfterTheImportFinished_changesNoItemCallsNoFinapiUpdateAndSendsNoSecondMessage()
            throws Exception {
        String scenarioJson = Reliability.read(Reliability.scenarioFile("update-two-accounts"));
        Reliability.Started started = Reliability.start(stack, scenarioJson);
        ScenarioRun.Result result = Reliability.await(stack, started);
        Reliability.awaitClosed(stack, started.importId(), Reliability.IMPORT_TIMEOUT);
        String importId = started.importId();
        List<Map<String, AttributeValue>> itemsBefore = Reliability.importItems(stack, importId);
        int finapiCallsBefore =
                stack.sandbox().requests(started.registered().scenarioId()).size();
        List<Reliability.Published> messagesBefore = Reliability.publishedFor(stack, importId);
        String messageId = itemsBefore.stream()
                .filter(i -> i.get("sk").s().equals("META"))
                .findFirst()
                .orElseThrow()
                .get("notificationMessageId")
                .s();
        String ids = "\"importId\":\"" + importId + "\",\"executionName\":\"" + importId + "\"";
        Map<String, String> inputs = Map.of(
                "StartImportFunction", "{" + ids + "}",
                "CheckStatusFunction", "{" + ids + ",\"attempt\":1}",
                "RecordOutcomeFunction", "{" + ids + ",\"state\":\"READY\"}",
                "RecordFailureFunction",
                        "{" + ids + ",\"error\":{\"Error\":\"io.finport.finapi.FinapiTransientException\","
                                + "\"Cause\":\"{\\\"errorMessage\\\":\\\"finAPI 503\\\"}\"}}",
                "NotifyOutcomeFunction", "{" + ids + "}");

        Map<String, JsonNode> answers = new java.util.HashMap<>();
        for (String function : TASK_FUNCTIONS) {
            Reliability.LambdaAnswer answer = Reliability.invoke(stack, function, inputs.get(function));
            assertThat(answer.failed())
                    .as("%s failed: %s", function, answer.body())
                    .isFalse();
            answers.put(function, Reliability.json(answer.body()));
            Reliability.count("redriven_task_invocations", 1);
        }

        // Nothing is ignored in the comparison: a finished import makes every step return before it writes.
        assertThat(Reliability.importItems(stack, importId)).isEqualTo(itemsBefore);
        assertThat(stack.sandbox().requests(started.registered().scenarioId()))
                .as("finAPI calls")
                .hasSize(finapiCallsBefore);
        assertThat(Reliability.publishedFor(stack, importId))
                .hasSameSizeAs(messagesBefore)
                .hasSize(1);
        assertThat(answers.get("StartImportFunction").path("state").asText()).isEqualTo("STOPPED");
        assertThat(answers.get("CheckStatusFunction").path("state").asText()).isEqualTo("STOPPED");
        assertThat(answers.get("RecordOutcomeFunction").path("outcome").asText())
                .isEqualTo("SUCCEEDED");
        assertThat(answers.get("RecordFailureFunction").path("outcome").asText())
                .as("a late failure never overwrites")
                .isEqualTo("SUCCEEDED");
        assertThat(answers.get("NotifyOutcomeFunction").path("alreadyNotified").asBoolean())
                .isTrue();
        assertThat(answers.get("NotifyOutcomeFunction").path("messageId").asText())
                .isEqualTo(messageId);
        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static Set<String> executionNames() {
        return Reliability.executions(stack).stream()
                .map(ExecutionListItem::name)
                .collect(Collectors.toSet());
    }

    private static List<RecordedRequest> requests(Reliability.Started s, String methodAndTemplate) {
        String[] parts = methodAndTemplate.split(" ", 2);
        return stack.sandbox().requests(s.registered().scenarioId()).stream()
                .filter(r -> r.method().equals(parts[0]) && parts[1].equals(r.template()))
                .toList();
    }

    private static List<ScenarioRun.Result> awaitAll(List<Reliability.Started> runs) throws Exception {
        List<ScenarioRun.Result> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ScenarioRun.Result>> futures = new ArrayList<>();
            for (var s : runs) {
                futures.add(pool.submit(() -> {
                    ScenarioRun.Result r = Reliability.await(stack, s);
                    ExecutionStatus closed = Reliability.awaitClosed(stack, s.importId(), Reliability.IMPORT_TIMEOUT);
                    assertThat(closed).isIn(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
                    return r;
                }));
            }
            for (var f : futures) results.add(f.get());
        }
        return results;
    }

    /**
     * Runs the real handler, throws its result away and runs it again with the same input: what a Step Functions
     * retry does when the first invocation had its effect but its answer was lost (task timeout, Lambda service
     * error after the handler ran). Every import running meanwhile is doubled, which is safe by design; a failed
     * first run is answered as it is (that is an ordinary retry).
     */
    private static final class RunTwice implements RequestStreamHandler {
        private final RequestStreamHandler delegate;
        private final AtomicInteger doubled;

        RunTwice(RequestStreamHandler delegate, AtomicInteger doubled) {
            this.delegate = delegate;
            this.doubled = doubled;
        }

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            byte[] payload = input.readAllBytes();
            delegate.handleRequest(new ByteArrayInputStream(payload), new ByteArrayOutputStream(), context);
            doubled.incrementAndGet();
            delegate.handleRequest(new ByteArrayInputStream(payload), output, context);
        }
    }
}
