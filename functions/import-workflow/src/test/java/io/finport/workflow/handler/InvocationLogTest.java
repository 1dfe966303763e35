package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.finport.domain.poll.PollLoopState;
import io.finport.workflow.api.ImportApi.ApiResponse;
import io.finport.workflow.log.FinapiCallLines;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.task.Json;
import io.finport.workflow.task.TaskIo.CheckStatusTask;
import io.finport.workflow.task.TaskIo.PollResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every line a handler's invocation writes carries Lambda's request id and the import's id. */
class InvocationLogTest {
    private static final StructuredLog WORK = StructuredLog.of(InvocationLogTest.class);
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        StructuredLog.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        StructuredLog.redirect(System.out);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) lines.add(Json.MAPPER.readTree(line));
        }
        return lines;
    }

    private static Context context(String requestId) {
        Context context = mock(Context.class);
        when(context.getAwsRequestId()).thenReturn(requestId);
        return context;
    }

    private static final class Probe extends TaskHandler<CheckStatusTask, PollResult> {
        Probe() {
            super(CheckStatusTask.class);
        }

        @Override
        protected PollResult handle(CheckStatusTask task) {
            WORK.info("working", "attempt", task.attempt());
            new FinapiCallLines().exchanged("GET", "/api/v2/bankConnections/{id}", "200", 42, "imp-1/check/2");
            return new PollResult(PollLoopState.WAITING, task.attempt(), 5);
        }
    }

    @Test
    void taskInvocation_whenItLogsAndCallsFinapi_correlatesEveryLineAndForgetsItAfterwards() throws Exception {
        String input = "{\"importId\":\"imp-1\",\"executionName\":\"imp-1\",\"attempt\":2}";

        new Probe()
                .handleRequest(
                        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(),
                        context("req-7"));
        WORK.info("after the invocation");

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(3);
        for (JsonNode line : lines.subList(0, 2)) {
            assertThat(line.path("requestId").asText()).isEqualTo("req-7");
            assertThat(line.path("importId").asText()).isEqualTo("imp-1");
            assertThat(line.path("executionName").asText()).isEqualTo("imp-1");
        }
        JsonNode finapi = lines.get(1);
        assertThat(finapi.path("level").asText()).isEqualTo("INFO");
        assertThat(finapi.path("message").asText()).isEqualTo("finapi call");
        assertThat(finapi.path("method").asText()).isEqualTo("GET");
        assertThat(finapi.path("path").asText()).isEqualTo("/api/v2/bankConnections/{id}");
        assertThat(finapi.path("status").isInt()).isTrue();
        assertThat(finapi.path("status").asInt()).isEqualTo(200);
        assertThat(finapi.path("durationMs").asLong()).isEqualTo(42);
        assertThat(finapi.path("finapiRequestId").asText()).isEqualTo("imp-1/check/2");
        assertThat(lines.get(2).has("requestId")).isFalse();
        assertThat(lines.get(2).has("importId")).isFalse();
    }

    @Test
    void apiInvocation_whenTheEventCannotBeRead_warnsWithTheRequestIdAndAnswers400() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ImportApiHandler.respond(
                request -> {
                    throw new AssertionError("not reached");
                },
                new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)),
                out,
                context("req-8"));

        assertThat(Json.MAPPER.readTree(out.toByteArray()).path("statusCode").asInt())
                .isEqualTo(400);
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).path("level").asText()).isEqualTo("WARN");
        assertThat(lines.get(0).path("requestId").asText()).isEqualTo("req-8");
    }

    @Test
    void apiInvocation_whenTheApiNamesTheImport_correlatesItsLinesWithIt() throws Exception {
        ImportApiHandler.respond(
                request -> {
                    StructuredLog.correlateImport("imp-0123456789abcdef01234567");
                    WORK.info("import requested");
                    return new ApiResponse(202, Map.of(), "{}");
                },
                new ByteArrayInputStream("{\"httpMethod\":\"POST\"}".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(),
                context("req-9"));

        JsonNode line = lines().get(0);
        assertThat(line.path("requestId").asText()).isEqualTo("req-9");
        assertThat(line.path("importId").asText()).isEqualTo("imp-0123456789abcdef01234567");
    }
}
