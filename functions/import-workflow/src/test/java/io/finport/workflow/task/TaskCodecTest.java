package io.finport.workflow.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finport.domain.Outcome;
import io.finport.domain.poll.PollLoopState;
import io.finport.workflow.handler.AwaitCallbackHandler;
import io.finport.workflow.refresh.ManifestBuilder;
import io.finport.workflow.refresh.RefreshCompletion;
import io.finport.workflow.refresh.RefreshItems;
import io.finport.workflow.refresh.RefreshStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming codec writes and reads every task record exactly as Jackson's object mapper ({@link Json}) does. */
class TaskCodecTest {

    /** Every record a task handler reads or writes, with nulls where a field may be absent. */
    private static final List<Object> VALUES = List.of(
            new TaskIo.ImportTask("imp-1", "exec-1"),
            new TaskIo.NotifyTask("imp-1", "exec-1", null),
            new TaskIo.NotifyTask("imp-1", "exec-1", true),
            new TaskIo.CheckStatusTask("imp-1", "exec-1", 3),
            new TaskIo.PollResult(PollLoopState.WAITING, 2, 40L),
            new TaskIo.RecordOutcomeTask("imp-1", "exec-1", PollLoopState.READY),
            new TaskIo.RecordedAndNotified(Outcome.PARTIALLY_FAILED, false, "msg-1", false),
            new TaskIo.RecordedAndNotified(Outcome.SUCCEEDED, false, null, true),
            new TaskIo.RecordFailureTask(
                    "imp-1", "exec-1", new TaskIo.TaskError("States.Timeout", "{\"errorMessage\":\"é \\\" \\n\"}")),
            new TaskIo.RecordFailureTask("imp-1", "exec-1", null),
            new TaskIo.FailureResult(Outcome.FAILED, true),
            new TaskIo.NotifyResult("msg-1", false),
            new RefreshTaskIo.BuildManifestTask("ref-1", "exec-1"),
            new RefreshTaskIo.PrepareItemTask("ref-1", "caller-1", 42L, "exec-1"),
            new RefreshTaskIo.RecordItemTask("ref-1", 42L, null, "exec-1"),
            new RefreshTaskIo.RecordItemResult(42L, Outcome.SUCCEEDED.name()),
            new RefreshTaskIo.CompleteTask("ref-1", true, "s3://bucket/results", "exec-1"),
            new RefreshCompletion.Completed("ref-1", RefreshStatus.PENDING, null, 7L),
            new ManifestBuilder.Manifest("ref-1", "bucket", "key", 1_000L, 10, 5),
            new RefreshItems.Prepared(false, null, null, "NO_CONSENT"),
            new AwaitCallbackHandler.AwaitCallbackTask("imp-1", "exec-1", "token"),
            new AwaitCallbackHandler.Registered(true));

    @Test
    void values_holdEveryTaskRecordThatRenamesAComponent() {
        // The codec lists renamed components itself (no annotation read); the comparisons below catch a wrong list
        // only for the records in VALUES.
        java.util.Set<Class<?>> covered = new java.util.HashSet<>();
        VALUES.forEach(v -> covered.add(v.getClass()));
        covered.add(TaskIo.TaskError.class);
        for (Class<?> holder : List.of(TaskIo.class, RefreshTaskIo.class)) {
            for (Class<?> type : holder.getDeclaredClasses()) {
                if (!type.isRecord()) continue;
                boolean renames = java.util.Arrays.stream(type.getRecordComponents())
                        .anyMatch(c -> c.getAccessor()
                                .isAnnotationPresent(com.fasterxml.jackson.annotation.JsonProperty.class));
                if (renames) assertThat(covered).as(type.getName()).contains(type);
            }
        }
    }

    @Test
    void write_whenAnyTaskRecord_writesWhatTheMapperWrites() throws IOException {
        for (Object value : VALUES) {
            assertThat(codecJson(value)).as(value.toString()).isEqualTo(Json.MAPPER.writeValueAsString(value));
        }
    }

    @Test
    void read_whenWhatWasWritten_readsWhatTheMapperReads() throws IOException {
        for (Object value : VALUES) {
            String json = Json.MAPPER.writeValueAsString(value);

            assertThat(read(json, value.getClass())).as(json).isEqualTo(value);
        }
    }

    @Test
    void read_whenFieldsAreUnknownMissingNullOrStrings_readsWhatTheMapperReads() throws IOException {
        List<String> inputs = List.of(
                "{\"importId\":\"imp-1\",\"executionName\":\"e\",\"attempt\":3,\"extra\":{\"a\":[1,{\"b\":2}]}}",
                "{\"importId\":\"imp-1\"}",
                "{\"importId\":\"imp-1\",\"executionName\":null,\"attempt\":null}",
                "{\"importId\":\"imp-1\",\"attempt\":\"7\"}",
                "{\"importId\":12,\"attempt\":7.0}",
                "{}");
        for (String json : inputs) {
            assertThat(read(json, TaskIo.CheckStatusTask.class))
                    .as(json)
                    .isEqualTo(Json.MAPPER.readValue(json, TaskIo.CheckStatusTask.class));
        }
        String notify = "{\"importId\":\"imp-1\",\"unexpected\":\"true\"}";
        assertThat(read(notify, TaskIo.NotifyTask.class))
                .isEqualTo(Json.MAPPER.readValue(notify, TaskIo.NotifyTask.class));
        String failure = "{\"executionName\":\"e\",\"error\":{\"Cause\":\"c\",\"Error\":\"x\",\"other\":1}}";
        assertThat(read(failure, TaskIo.RecordFailureTask.class))
                .isEqualTo(Json.MAPPER.readValue(failure, TaskIo.RecordFailureTask.class));
        assertThat(read("null", TaskIo.ImportTask.class)).isNull();
    }

    @Test
    void read_whenNotATaskRecord_failsAsTheMapperDoes() {
        for (String json : List.of(
                "[1]",
                "{\"importId\":\"imp-1\",\"attempt\":{}}",
                "{\"importId\":\"imp-1\",\"attempt\":\"x\"}",
                "{\"importId\":\"imp-1\",\"state\":\"NO_SUCH_STATE\"}",
                "{\"importId\":")) {
            Class<?> type = json.contains("state") ? TaskIo.RecordOutcomeTask.class : TaskIo.CheckStatusTask.class;
            assertThatThrownBy(() -> Json.MAPPER.readValue(json, type)).as(json).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> read(json, type)).as(json).isInstanceOf(IOException.class);
        }
    }

    /** A record that is not flat goes through the mapper. */
    record WithList(String id, List<String> names) {}

    @Test
    void readAndWrite_whenARecordIsNotFlat_useTheMapper() throws IOException {
        WithList value = new WithList("a", List.of("x", "y"));

        String json = codecJson(value);

        assertThat(json).isEqualTo(Json.MAPPER.writeValueAsString(value));
        assertThat(read(json, WithList.class)).isEqualTo(value);
    }

    private static String codecJson(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TaskCodec.write(out, value);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static <T> T read(String json, Class<T> type) throws IOException {
        return TaskCodec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), type);
    }
}
