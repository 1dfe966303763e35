package io.finport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.sandbox.RecordedRequest;
import io.finport.sandbox.RegisteredScenario;
import io.finport.sandbox.SentCallback;
import io.finport.workflow.callback.CallbackTokens;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * finAPI's callbacks through the whole local stack (sandbox, moto executing the real state machine, the handlers):
 * the sandbox POSTs the registered callback URL to the local API, the callback function resumes the execution with
 * SendTaskSuccess, and the run reads the status from finAPI itself. Without the callback the wait times out into the
 * status check. Forged, unknown and reused tokens change nothing.
 */
class CallbackEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String WAIT_RESOURCE = "invoke.waitForTaskToken";
    private static LocalStack stack;
    private static LocalApiClient api;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        api = new LocalApiClient(stack.callbackUrl());
        // On AWS finAPI's callback URL is the stack's own API Gateway URL, which this machine's sandbox cannot reach;
        // on LocalStack the deploy gives the callback API a known id and points CallbackBaseUrl at it.
        assumeTrue(
                stack.callbacksReachSandbox(),
                "the stack's callback route is not reachable from this machine's sandbox (CallbackBaseUrl)");
    }

    @Test
    void import_whenFinapiCallsBack_completesThroughTheCallbackWithAtMostTwoWebFormChecks() throws Exception {
        ScenarioRun.Result result = run("import-webform-callback");

        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
        long webFormChecks = requests(result, "GET", "/api/webForms/{id}").size();
        assertThat(webFormChecks).as("web form status checks").isBetween(1L, 2L);
        List<HistoryEvent> history = history(result.importId());
        assertThat(waitsResumed(history)).as("waits ended by finAPI's callback").isEqualTo(1);
        assertThat(waitsTimedOut(history)).as("waits that fell back to a check").isZero();
        assertThat(sentCallbacks("webForm.finalised", "COMPLETED"))
                .anyMatch(c -> c.outcome().equals("SENT 200"));
        System.out.println("callback_import_webform_checks=" + webFormChecks);
    }

    @Test
    void import_whenTheCallbackIsLost_completesThroughTheFallback() throws Exception {
        ScenarioRun.Result result = run("import-webform-callback-lost");

        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
        List<HistoryEvent> history = history(result.importId());
        assertThat(waitsResumed(history)).isZero();
        assertThat(waitsTimedOut(history)).as("the fallback status check ran").isPositive();
        assertThat(requests(result, "GET", "/api/webForms/{id}")).isNotEmpty();
        assertThat(sentCallbacks("webForm.finalised", "COMPLETED"))
                .anyMatch(c -> c.outcome().equals("DROPPED"));
    }

    @Test
    void update_whenTheBackgroundUpdateTaskCallsBack_completesThroughTheCallback() throws Exception {
        assumeTrue(stack.isLocal(), "switches the licence mode, which only the local stack can do between runs");
        LocalStack.Options base = stack.options();
        stack.reconfigure(base.withMandatorLicence(LicenceMode.UNLICENSED));
        try {
            ScenarioRun.Result result = run("update-task-callback");

            assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
            long taskChecks = requests(result, "GET", "/api/tasks/{id}").size();
            assertThat(taskChecks).as("task status checks").isBetween(1L, 2L);
            assertThat(waitsResumed(history(result.importId()))).isEqualTo(1);
            assertThat(sentCallbacks("task.finalised", "COMPLETED"))
                    .anyMatch(c -> c.outcome().equals("SENT 200"));
            System.out.println("callback_update_task_checks=" + taskChecks);
        } finally {
            stack.reconfigure(base);
        }
    }

    @Test
    void callbackRoute_whenTheTokenIsForgedUnknownOrReused_answers404AndChangesNothing() throws Exception {
        // A web form the person finishes only after 6 s, and whose own callback is lost: the run waits meanwhile.
        String scenario = """
                {"name": "callback-forged-tokens", "type": "IMPORT",
                 "webForm": {"pollsUntilFinal": 100, "finalAfterMillis": 6000, "callback": "DROP"},
                 "bankConnection": {"pollsUntilReady": 1},
                 "accounts": [{"status": "UPDATED"}]}
                """;
        RegisteredScenario registered = stack.sandbox().register(scenario);
        JsonNode scenarioJson = MAPPER.readTree(scenario);
        ScenarioRun run = new ScenarioRun(stack);
        String importId = run.start(scenarioJson, registered, "callback-" + UUID.randomUUID());
        awaitWaiting(importId);
        Map<String, Map<String, AttributeValue>> callbackItems = callbackItems();
        long resumedBefore = waitsResumed(history(importId));

        // Forged (right shape, never issued) and malformed: 404 with a JSON body, nothing else.
        for (String token : List.of(randomToken(), "not-a-token")) {
            LocalApiClient.Response response = post("/callbacks/finapi/" + token);
            assertThat(response.status()).as(token).isEqualTo(404);
            assertThat(response.json().path("error").asText()).isEqualTo("NOT_FOUND");
        }
        // A path beyond the route never reaches the function: the local API answers 404, API Gateway (LocalStack,
        // as AWS) its own 403 "Missing Authentication Token".
        assertThat(post("/callbacks/finapi/" + "A".repeat(43) + "/x").status()).isIn(403, 404);
        assertThat(post("/callbacks/finapi/" + randomToken())
                        .json()
                        .path("field")
                        .asText())
                .isEqualTo("token");
        assertThat(callbackItems()).as("nothing written").isEqualTo(callbackItems);
        assertThat(waitsResumed(history(importId))).as("no execution resumed").isEqualTo(resumedBefore);

        // A real token (as Start import issues one) wakes the run once; used again, it is refused.
        String token = new CallbackTokens(
                        () -> stack.clients().dynamoDb(), stack.deployed().tableName(), Clock.systemUTC())
                .issue(importId);
        assertThat(post("/callbacks/finapi/" + token).status()).isEqualTo(200);
        awaitResumed(importId, resumedBefore + 1);
        LocalApiClient.Response reused = post("/callbacks/finapi/" + token);
        assertThat(reused.status()).isEqualTo(404);
        assertThat(reused.body()).doesNotContain(token);

        ScenarioRun.Result result = run.awaitFinished(importId, registered, scenarioJson, TIMEOUT, null);
        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(awaitClosed(importId)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(waitsResumed(history(importId)))
                .as("the reused token resumed nothing")
                .isEqualTo(resumedBefore + 1);
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static ScenarioRun.Result run(String name) throws Exception {
        Path file = SharedStack.repoRoot().resolve("scenarios/" + name + ".json");
        assertThat(Files.exists(file)).as(file.toString()).isTrue();
        ScenarioRun.Result result = new ScenarioRun(stack).run(file, TIMEOUT, null);
        awaitClosed(result.importId());
        return result;
    }

    private static LocalApiClient.Response post(String path) {
        return api.send(HttpRequest.newBuilder(URI.create(stack.callbackUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"webFormId\":\"forged\",\"status\":\"COMPLETED\"}"))
                .build());
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static List<RecordedRequest> requests(ScenarioRun.Result result, String method, String template) {
        return stack.sandbox().requests(result.registered().scenarioId()).stream()
                .filter(r -> r.method().equals(method) && r.template().equals(template))
                .toList();
    }

    private static List<SentCallback> sentCallbacks(String kind, String status) {
        return stack.sandbox().callbacks().stream()
                .filter(c -> c.kind().equals(kind) && c.status().equals(status))
                .toList();
    }

    /**
     * The callback tokens (CALLBACK#...) and the wait marks (WAIT#..., without the task token, which the run's own
     * next wait may replace meanwhile), keyed by pk/sk.
     */
    private static Map<String, Map<String, AttributeValue>> callbackItems() {
        Map<String, Map<String, AttributeValue>> items = new java.util.TreeMap<>();
        stack.clients()
                .dynamoDb()
                .scanPaginator(b -> b.tableName(stack.deployed().tableName()))
                .items()
                .forEach(item -> {
                    String pk = item.get("pk").s();
                    if (pk.startsWith("CALLBACK#") || pk.startsWith("WAIT#")) {
                        Map<String, AttributeValue> copy = new java.util.HashMap<>(item);
                        copy.remove("taskToken");
                        copy.remove("expiresAt");
                        items.put(pk + "/" + item.get("sk").s(), copy);
                    }
                });
        return items;
    }

    private static long waitsResumed(List<HistoryEvent> history) {
        return history.stream()
                .filter(e -> e.type() == HistoryEventType.TASK_SUCCEEDED
                        && e.taskSucceededEventDetails().resource().equals(WAIT_RESOURCE))
                .count();
    }

    private static long waitsTimedOut(List<HistoryEvent> history) {
        return history.stream()
                .filter(e -> e.type() == HistoryEventType.TASK_TIMED_OUT
                        && e.taskTimedOutEventDetails().resource().equals(WAIT_RESOURCE))
                .count();
    }

    private static String executionArn(String importId) {
        return stack.deployed().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + importId;
    }

    private static List<HistoryEvent> history(String importId) {
        return stack
                .clients()
                .sfn()
                .getExecutionHistoryPaginator(b -> b.executionArn(executionArn(importId)))
                .events()
                .stream()
                .toList();
    }

    /** Until the run waits for the callback (its wait task handed over the token). */
    private static void awaitWaiting(String importId) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            boolean waiting = history(importId).stream()
                    .anyMatch(e -> e.type() == HistoryEventType.TASK_SUBMITTED
                            && e.taskSubmittedEventDetails().resource().equals(WAIT_RESOURCE));
            if (waiting) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("the run never waited for a callback");
    }

    private static void awaitResumed(String importId, long count) throws InterruptedException {
        for (int i = 0; i < 100 && waitsResumed(history(importId)) < count; i++) Thread.sleep(100);
        assertThat(waitsResumed(history(importId)))
                .as("waits resumed by a callback")
                .isEqualTo(count);
    }

    private static ExecutionStatus awaitClosed(String importId) throws InterruptedException {
        ExecutionStatus status = ExecutionStatus.RUNNING;
        for (int i = 0; i < 100 && status == ExecutionStatus.RUNNING; i++) {
            status = stack.clients()
                    .sfn()
                    .describeExecution(b -> b.executionArn(executionArn(importId)))
                    .status();
            if (status == ExecutionStatus.RUNNING) Thread.sleep(100);
        }
        return status;
    }
}
