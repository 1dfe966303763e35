package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.domain.Outcome;
import io.finport.domain.poll.PollLoopState;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportRequest;
import io.finport.workflow.service.FailureClassifier;
import io.finport.workflow.service.FailureClassifier.Verdict;
import io.finport.workflow.task.Json;
import io.finport.workflow.task.RefreshTaskIo;
import io.finport.workflow.task.TaskIo.CheckStatusTask;
import io.finport.workflow.task.TaskIo.ImportTask;
import io.finport.workflow.task.TaskIo.RecordFailureTask;
import io.finport.workflow.task.TaskIo.RecordOutcomeTask;
import io.finport.workflow.task.TaskIo.TaskInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sample events in events/ (used by sam local invoke and the README) must fit the handlers' input types. */
class EventsTest {
    /** Stricter than the handlers: a misspelt field in a sample would otherwise be silently ignored. */
    private static final ObjectMapper STRICT =
            Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Map<String, Class<? extends TaskInput>> TASK_EVENTS = Map.of(
            "start-import.json", ImportTask.class,
            "notify-outcome.json", io.finport.workflow.task.TaskIo.NotifyTask.class,
            "await-callback.json", AwaitCallbackHandler.AwaitCallbackTask.class,
            "check-status.json", CheckStatusTask.class,
            "record-outcome.json", RecordOutcomeTask.class,
            "record-failure.json", RecordFailureTask.class);
    private static final String SAMPLE_ID = "imp-3f9c2a7b1e4d6f8a0b2c4d6e";
    /** The refresh workflow's task events (events/refresh-*.json) and their input types. */
    private static final Map<String, Class<? extends TaskInput>> REFRESH_TASK_EVENTS = Map.of(
            "refresh-build-manifest.json", RefreshTaskIo.BuildManifestTask.class,
            "refresh-prepare-item.json", RefreshTaskIo.PrepareItemTask.class,
            "refresh-record-item.json", RefreshTaskIo.RecordItemTask.class,
            "refresh-complete.json", RefreshTaskIo.CompleteTask.class);

    private static final String SAMPLE_REFRESH_ID = "ref-5b0c1d2e3f4a5b6c7d8e9f01";

    static Path eventsDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("repository root with template.yaml above %s", Path.of("").toAbsolutePath())
                .isNotNull();
        return dir.resolve("events");
    }

    static JsonNode read(String name) throws IOException {
        return STRICT.readTree(eventsDir().resolve(name).toFile());
    }

    @Test
    void everyEventFile_isCoveredByThisTest() throws IOException {
        try (Stream<Path> files = Files.list(eventsDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allSatisfy(name -> assertThat(TASK_EVENTS.containsKey(name)
                                    || name.startsWith("api-")
                                    || REFRESH_TASK_EVENTS.containsKey(name)
                                    || name.equals("refresh-state-machine-input.json")
                                    || name.equals("state-machine-input.json")
                                    || name.equals("execution-status-change.json"))
                            .as(name)
                            .isTrue())
                    .containsAll(TASK_EVENTS.keySet())
                    .contains("api-post-import.json", "api-get-import.json", "state-machine-input.json");
        }
    }

    @Test
    void taskEvents_parseIntoTheirHandlerInputTypes() throws IOException {
        for (var entry : TASK_EVENTS.entrySet()) {
            TaskInput task =
                    STRICT.readValue(eventsDir().resolve(entry.getKey()).toFile(), entry.getValue());

            assertThat(task.importId()).as(entry.getKey()).isEqualTo(SAMPLE_ID);
            assertThat(task.executionName()).as(entry.getKey()).isEqualTo(SAMPLE_ID);
        }
    }

    @Test
    void checkStatusEvent_carriesAPositiveAttempt() throws IOException {
        CheckStatusTask task = STRICT.treeToValue(read("check-status.json"), CheckStatusTask.class);

        assertThat(task.attempt()).isEqualTo(3);
    }

    @Test
    void recordOutcomeEvent_carriesAStateTheChoiceRoutesOn() throws IOException {
        RecordOutcomeTask task = STRICT.treeToValue(read("record-outcome.json"), RecordOutcomeTask.class);

        assertThat(task.state()).isIn(PollLoopState.READY, PollLoopState.TIMED_OUT, PollLoopState.STOPPED);
    }

    @Test
    void recordFailureEvent_isTheCatchShapeAndClassifiesAsUserAction() throws IOException {
        RecordFailureTask task = STRICT.treeToValue(read("record-failure.json"), RecordFailureTask.class);

        assertThat(task.error().error()).isEqualTo("io.finport.finapi.UserActionRequiredException");
        Verdict verdict = new FailureClassifier().classify(task.error());
        assertThat(verdict.outcome()).isEqualTo(Outcome.USER_ACTION_REQUIRED);
        assertThat(verdict.unexpected()).isFalse();
        assertThat(verdict.reason()).contains("ADDITIONAL_AUTHENTICATION_REQUIRED");
    }

    @Test
    void callbackEvent_carriesTheTokenAsPathParameterAndNoCaller() throws IOException {
        ApiRequest request = ImportApiHandler.toRequest(read("api-post-callback.json"));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathParameters()).containsKey("token");
        assertThat(request.callerId()).as("finAPI is not an IAM caller").isNull();
    }

    @Test
    void stateMachineInput_hasOnlyTheImportId() throws IOException {
        JsonNode input = read("state-machine-input.json");

        assertThat(input.isObject()).isTrue();
        assertThat(input.size()).isEqualTo(1);
        assertThat(input.path("importId").asText()).isEqualTo(SAMPLE_ID);
    }

    @Test
    void apiPostEvent_becomesAPostRequestWithValidBody() throws IOException {
        ApiRequest request = ImportApiHandler.toRequest(read("api-post-import.json"));

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.resource()).isEqualTo("/imports");
        assertThat(request.path()).isEqualTo("/imports");
        assertThat(request.stage()).isEqualTo("v1");
        assertThat(request.callerId())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/backend-service/backend-service");
        assertThat(request.headers())
                .containsEntry("content-type", "application/json")
                .containsEntry("idempotency-key", "sync-2026-11-24-user-4711")
                .allSatisfy((name, value) -> assertThat(name).isLowerCase());
        assertThat(request.pathParameters()).isEmpty();
        ImportRequest body = ImportRequest.parse(request.body());
        assertThat(body.bankConnectionId()).isEqualTo(100001L);
        assertThat(body.bankingInterface()).isEqualTo("XS2A");
    }

    @Test
    void apiGetEvent_becomesAGetRequestWithTheImportId() throws IOException {
        ApiRequest request = ImportApiHandler.toRequest(read("api-get-import.json"));

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.resource()).isEqualTo("/imports/{importId}");
        assertThat(request.pathParameters()).containsExactly(Map.entry("importId", SAMPLE_ID));
        assertThat(request.body()).isNull();
        assertThat(request.callerId())
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/backend-service/backend-service");
        assertThat(request.stage()).isEqualTo("v1");
    }

    @Test
    void refreshTaskEvents_parseIntoTheirHandlerInputTypesAndCarryIdsOnly() throws IOException {
        for (var entry : REFRESH_TASK_EVENTS.entrySet()) {
            JsonNode json = read(entry.getKey());
            Object task = STRICT.treeToValue(json, entry.getValue());

            assertThat(json.path("refreshId").asText()).as(entry.getKey()).isEqualTo(SAMPLE_REFRESH_ID);
            assertThat(task).as(entry.getKey()).isNotNull();
            assertThat(json.toString()).as(entry.getKey()).doesNotContain("userReference", "iban");
        }
        assertThat(read("refresh-state-machine-input.json").properties())
                .map(Map.Entry::getKey)
                .containsExactly("refreshId");
    }

    @Test
    void refreshApiEvents_becomeRequestsTheRefreshApiRoutes() throws IOException {
        ApiRequest post = ImportApiHandler.toRequest(read("api-post-refresh.json"));
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.resource()).isEqualTo("/refreshes");
        assertThat(io.finport.workflow.refresh.RefreshRequest.parse(post.body()).userReferences())
                .containsExactly("user-4711", "user-4712");
        ApiRequest get = ImportApiHandler.toRequest(read("api-get-refresh.json"));
        assertThat(get.resource()).isEqualTo("/refreshes/{refreshId}");
        assertThat(get.pathParameters()).containsExactly(Map.entry("refreshId", SAMPLE_REFRESH_ID));
    }
}
