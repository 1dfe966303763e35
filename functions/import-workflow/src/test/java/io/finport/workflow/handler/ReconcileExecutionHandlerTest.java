package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.workflow.reconcile.ExecutionReconciler;
import io.finport.workflow.reconcile.ExecutionReconciler.ExecutionEnded;
import io.finport.workflow.reconcile.ExecutionReconciler.Result;
import io.finport.workflow.task.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class ReconcileExecutionHandlerTest {

    @Test
    void handleRequest_withTheSampleEvent_passesTheExecutionToTheReconcilerAndAnswersItsResult() throws Exception {
        ExecutionReconciler reconciler = mock(ExecutionReconciler.class);
        ArgumentCaptor<ExecutionEnded> event = ArgumentCaptor.forClass(ExecutionEnded.class);
        when(reconciler.reconcile(event.capture()))
                .thenReturn(new Result("imp-3f9c2a7b1e4d6f8a0b2c4d6e", false, true, true));
        JsonNode sample = EventsTest.read("execution-status-change.json");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReconcileExecutionHandler(reconciler)
                .handleRequest(new ByteArrayInputStream(sample.toString().getBytes(StandardCharsets.UTF_8)), out, null);

        JsonNode detail = sample.path("detail");
        assertThat(event.getValue())
                .isEqualTo(new ExecutionEnded(
                        detail.path("executionArn").asText(),
                        detail.path("stateMachineArn").asText(),
                        "imp-3f9c2a7b1e4d6f8a0b2c4d6e",
                        "ABORTED"));
        JsonNode result = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(result.path("recorded").asBoolean()).isTrue();
        assertThat(result.path("notified").asBoolean()).isTrue();
    }

    @Test
    void handleRequest_whenTheEventLacksDetail_isSkippedByTheReconcilerNotAnError() throws Exception {
        ExecutionReconciler reconciler = mock(ExecutionReconciler.class);
        when(reconciler.reconcile(any())).thenReturn(new Result(null, true, false, false));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReconcileExecutionHandler(reconciler)
                .handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out, null);

        assertThat(Json.MAPPER
                        .readTree(out.toString(StandardCharsets.UTF_8))
                        .path("ignored")
                        .asBoolean())
                .isTrue();
    }
}
