package io.finport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.RecordedRequest;
import io.finport.sandbox.RegisteredScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The workflow's behaviours beyond "scenario ends with outcome X", each through the whole local stack:
 * joining a running update on 423, token refresh on 401, retries of injected 5xx by the state machine, the Catch
 * path after a Java exception, and idempotent starts.
 */
class WorkflowEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static LocalStack stack;
    private static LocalApiClient api;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        api = new LocalApiClient(stack.apiUrl());
    }

    @AfterEach
    void removeInjectedFaults() {
        if (stack.isLocal()) stack.lambdas().injectFaults(null);
    }

    @Test
    void update_whenFinapiAnswers423_joinsTheRunningUpdateAndSucceeds() throws Exception {
        ScenarioRun.Result result = run("update-locked-join");

        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.finalRecord()
                        .path("progress")
                        .path("joinedRunningUpdate")
                        .asBoolean())
                .isTrue();
        List<RecordedRequest> updates = requests(result, "POST", "/api/v2/bankConnections/update");
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).status()).isEqualTo(423);
    }

    @Test
    void import_whenAccessTokensExpire_refreshesAndSucceeds() throws Exception {
        ScenarioRun.Result result = run("update-token-expiry");
        // Its token limit applies to every token the sandbox issues; remove it so later imports are not affected.
        stack.sandbox().deregister(result.registered().scenarioId());

        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
        long unauthorized = stack.sandbox().requests().stream()
                .filter(r -> r.status() == 401)
                .count();
        assertThat(unauthorized).as("401 answers the client recovered from").isPositive();
    }

    @Test
    void statusCheck_whenFinapiAnswers503_isRetriedByTheStateMachine() throws Exception {
        ScenarioRun.Result result = run("update-transient-faults");

        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(requests(result, "GET", "/api/v2/bankConnections/{id}"))
                .extracting(RecordedRequest::status)
                .contains(503);
        List<HistoryEvent> history = history(result.importId());
        assertThat(history)
                .filteredOn(e -> e.type() == HistoryEventType.TASK_FAILED)
                .extracting(e -> e.taskFailedEventDetails().error())
                .contains("io.finport.finapi.FinapiTransientException");
        assertThat(status(result.importId())).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void task_whenHandlerThrowsUnexpectedly_recordsNotifiesAndFailsTheExecution() throws Exception {
        assumeTrue(stack.isLocal(), "injecting an exception needs the handlers in this JVM (local stack only)");
        String scenario = Files.readString(scenarioFile("update-two-accounts"));
        RegisteredScenario registered = stack.sandbox().register(scenario);
        stack.lambdas()
                .injectFaults(
                        name -> name.equals("CheckStatusFunction") ? new IllegalStateException("injected") : null);
        ScenarioRun run = new ScenarioRun(stack);
        JsonNode scenarioJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(scenario);
        String importId = run.start(scenarioJson, registered, "catch-" + UUID.randomUUID());

        ScenarioRun.Result result = run.awaitFinished(importId, registered, scenarioJson, TIMEOUT, null);

        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("FAILED");
        assertThat(result.finalRecord().path("reason").asText())
                .contains("internal error")
                .doesNotContain("injected");
        assertThat(awaitStatus(importId)).isEqualTo(ExecutionStatus.FAILED);
        assertThat(stack.clients()
                        .sfn()
                        .describeExecution(b -> b.executionArn(executionArn(importId)))
                        .error())
                .isEqualTo("ImportFailed");
        Notifications all = new Notifications(stack, stack.deployed().allNotificationsQueueUrl());
        all.drain(Duration.ofSeconds(2));
        assertThat(all.forImport(importId)).hasSize(1);
        assertThat(all.forImport(importId).get(0).attributes()).containsEntry("outcome", "FAILED");
    }

    /**
     * The Catch path on a deployed stack, where no exception can be injected: finAPI answers so slowly that the start
     * task runs past the function's timeout (30 s in template.yaml), and Lambda ends it with Sandbox.Timedout.
     * LocalStack and moto differ here: moto's Lambda (forwarding to the handlers in this JVM) enforces no function
     * timeout, LocalStack with our executor stops the function at its timeout; the latter is what AWS documents
     * ("Configure Lambda function timeout": the timeout is the maximum time a function can run). On moto the injected
     * exception above stands in for this test.
     */
    @Test
    void task_whenTheFunctionRunsPastItsTimeout_recordsNotifiesAndFailsTheExecution() throws Exception {
        assumeFalse(
                stack.isLocal(),
                "needs Lambda's function timeout (a deployed stack); moto runs the handlers in this JVM");
        Path scenario = Path.of(WorkflowEndToEndTest.class
                .getResource("/attach-scenarios/update-slower-than-lambda-timeout.json")
                .toURI());

        ScenarioRun.Result result = new ScenarioRun(stack).run(scenario, TIMEOUT, null);

        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("FAILED");
        assertThat(result.finalRecord().path("reason").asText()).contains("internal error");
        assertThat(awaitStatus(result.importId())).isEqualTo(ExecutionStatus.FAILED);
        assertThat(stack.clients()
                        .sfn()
                        .describeExecution(b -> b.executionArn(executionArn(result.importId())))
                        .error())
                .isEqualTo("ImportFailed");
        // The start task timed out; Notify then published and ended the run failed (it is the last state).
        assertThat(history(result.importId()))
                .filteredOn(e -> e.type() == HistoryEventType.TASK_FAILED)
                .extracting(e -> e.taskFailedEventDetails().error())
                .containsExactly("Sandbox.Timedout", "io.finport.workflow.notify.ImportFailedException");
        Notifications all = new Notifications(stack, stack.deployed().allNotificationsQueueUrl());
        all.drain(Duration.ofSeconds(2));
        assertThat(all.forImport(result.importId())).hasSize(1);
        assertThat(all.forImport(result.importId()).get(0).attributes()).containsEntry("outcome", "FAILED");
    }

    @Test
    void postImport_withTheSameIdempotencyKeyTwice_startsOneExecution() throws Exception {
        String scenario = Files.readString(scenarioFile("update-two-accounts"));
        RegisteredScenario registered = stack.sandbox().register(scenario);
        JsonNode scenarioJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(scenario);
        String body = ScenarioRun.requestBody(scenarioJson, registered, stack.userNamespace())
                .toString();
        String key = "same-key-" + UUID.randomUUID();

        LocalApiClient.Response first = api.postImport(body, key);
        LocalApiClient.Response second = api.postImport(body, key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        String importId = first.json().path("importId").asText();
        assertThat(second.json().path("importId").asText()).isEqualTo(importId);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Location")).endsWith("/imports/" + importId);
        new ScenarioRun(stack).awaitFinished(importId, registered, scenarioJson, TIMEOUT, null);
        long executions = stack
                .clients()
                .sfn()
                .listExecutions(b -> b.stateMachineArn(stack.deployed().stateMachineArn()))
                .executions()
                .stream()
                .filter(e -> e.name().equals(importId))
                .count();
        assertThat(executions).isEqualTo(1);
        assertThat(stack.sandbox().requests(registered.scenarioId()).stream()
                        .filter(r -> r.template().equals("/api/v2/bankConnections/update"))
                        .count())
                .isEqualTo(1);
        LocalApiClient.Response different = api.postImport(body.replace("UPDATE", "TRACK"), key);
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.json().path("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void getImport_fromAnotherCaller_isNotFound() throws Exception {
        // On AWS, IAM authorization puts the caller into requestContext.identity (AWS docs: "Control access to a REST
        // API with IAM permissions"); LocalStack's open-source API Gateway neither enforces IAM nor fills the identity,
        // so every request there is the same caller. The local API takes the caller from X-Local-Caller.
        assumeTrue(stack.isLocal(), "LocalStack passes no caller identity to the API function (no IAM enforcement)");
        ScenarioRun.Result result = run("track-in-progress");
        var request = java.net.http.HttpRequest.newBuilder(stack.apiUrl().resolve("/imports/" + result.importId()))
                .header("X-Local-Caller", "someone-else")
                .GET()
                .build();

        LocalApiClient.Response response = api.send(request);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").asText()).isEqualTo("NOT_FOUND");
        assertThat(api.getImport(result.importId()).status()).isEqualTo(200);
    }

    @Test
    void getImport_withMalformedId_isBadRequestNamingTheField() {
        LocalApiClient.Response response = api.getImport("not-an-import-id");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("field").asText()).isEqualTo("importId");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static ScenarioRun.Result run(String name) throws Exception {
        return new ScenarioRun(stack).run(scenarioFile(name), TIMEOUT, null);
    }

    private static Path scenarioFile(String name) {
        return SharedStack.repoRoot().resolve("scenarios/" + name + ".json");
    }

    private static List<RecordedRequest> requests(ScenarioRun.Result result, String method, String path) {
        return stack.sandbox().requests(result.registered().scenarioId()).stream()
                .filter(r -> r.method().equals(method) && r.template().equals(path))
                .toList();
    }

    static String executionArn(String importId) {
        return stack.deployed().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + importId;
    }

    private static ExecutionStatus status(String importId) {
        return stack.clients()
                .sfn()
                .describeExecution(b -> b.executionArn(executionArn(importId)))
                .status();
    }

    /** The record is complete before the last states run; wait for the execution itself to close. */
    private static ExecutionStatus awaitStatus(String importId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            ExecutionStatus s = status(importId);
            if (s != ExecutionStatus.RUNNING) return s;
            Thread.sleep(100);
        }
        return status(importId);
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
}
