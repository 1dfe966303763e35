package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.domain.poll.PollLoopState;
import io.finport.finapi.FinapiException;
import io.finport.finapi.FinapiTransientException;
import io.finport.workflow.handler.TaskErrors.UnexpectedTaskException;
import io.finport.workflow.task.Json;
import io.finport.workflow.task.TaskIo.CheckStatusTask;
import io.finport.workflow.task.TaskIo.PollResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskHandlerTest {

    /** A task handler whose work is given by the test. */
    private static final class ProbeHandler extends TaskHandler<CheckStatusTask, PollResult> {
        private final Function<CheckStatusTask, PollResult> work;

        ProbeHandler(Function<CheckStatusTask, PollResult> work) {
            super(CheckStatusTask.class);
            this.work = work;
        }

        @Override
        protected PollResult handle(CheckStatusTask task) {
            return work.apply(task);
        }
    }

    private static String run(TaskHandler<?, ?> handler, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void handleRequest_whenTaskSucceeds_writesResultJson() throws Exception {
        ProbeHandler handler = new ProbeHandler(t -> new PollResult(PollLoopState.WAITING, t.attempt(), 7));

        String output =
                run(handler, "{\"importId\":\"imp-1\",\"executionName\":\"imp-1\",\"attempt\":4,\"extra\":true}");

        JsonNode json = Json.MAPPER.readTree(output);
        assertThat(json.path("state").asText()).isEqualTo("WAITING");
        assertThat(json.path("attempt").asInt()).isEqualTo(4);
        assertThat(json.path("nextWaitSeconds").asLong()).isEqualTo(7);
    }

    @Test
    void handleRequest_whenFinapiException_passesThroughWithItsClass() {
        FinapiTransientException error = new FinapiTransientException(
                503, null, "GET /api/v2/bankConnections/{id}", "imp-1/check/4", "maintenance", null, null);
        ProbeHandler handler = new ProbeHandler(t -> {
            throw error;
        });

        Throwable thrown = catchThrowable(() -> run(handler, "{\"importId\":\"imp-1\",\"attempt\":4}"));

        assertThat(thrown).isSameAs(error).isInstanceOf(FinapiException.class);
        assertThat(thrown.getClass().getName()).isEqualTo("io.finport.finapi.FinapiTransientException");
    }

    @Test
    void handleRequest_whenUnexpectedExceptionQuotesIban_throwsSanitizedException() {
        ProbeHandler handler = new ProbeHandler(t -> {
            throw new IllegalArgumentException("could not map account DE89370400440532013000");
        });

        Throwable thrown = catchThrowable(() -> run(handler, "{\"importId\":\"imp-1\",\"attempt\":1}"));

        assertThat(thrown)
                .isInstanceOf(UnexpectedTaskException.class)
                .hasMessage("unexpected java.lang.IllegalArgumentException")
                .hasNoCause();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json DE89370400440532013000",
                "[\"DE89370400440532013000\"]",
                "{\"importId\":\"imp-1\",\"attempt\":\"DE89370400440532013000\"}",
                "{\"importId\":"
            })
    void handleRequest_whenInputMalformed_throwsIllegalArgumentWithoutEchoingIt(String input) {
        ProbeHandler handler = new ProbeHandler(t -> {
            throw new AssertionError("must not run");
        });

        Throwable thrown = catchThrowable(() -> run(handler, input));

        assertThat(thrown)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task input is not a valid CheckStatusTask")
                .hasNoCause();
    }
}
