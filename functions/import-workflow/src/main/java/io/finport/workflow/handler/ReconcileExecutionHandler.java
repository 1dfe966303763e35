package io.finport.workflow.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.finport.finapi.JsonTrees;
import io.finport.workflow.Workflow;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.reconcile.ExecutionReconciler;
import io.finport.workflow.reconcile.ExecutionReconciler.ExecutionEnded;
import io.finport.workflow.task.TaskCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * EventBridge target for Step Functions "Execution Status Change" events (ABORTED, TIMED_OUT, FAILED) of our state
 * machine: heals the import the execution left behind. A failure is thrown, so EventBridge's async retries run it again.
 */
public class ReconcileExecutionHandler implements RequestStreamHandler {
    private static final StructuredLog LOG = StructuredLog.of(ReconcileExecutionHandler.class);
    private final ExecutionReconciler reconciler;

    public ReconcileExecutionHandler() {
        this(Workflow.fromEnvironment().reconciler());
    }

    public ReconcileExecutionHandler(ExecutionReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode detail = JsonTrees.read(input).path("detail");
        ExecutionEnded event = new ExecutionEnded(
                text(detail, "executionArn"),
                text(detail, "stateMachineArn"),
                text(detail, "name"),
                text(detail, "status"));
        StructuredLog.correlate(Invocations.requestId(context), event.name(), event.name());
        try {
            TaskCodec.write(output, reconciler.reconcile(event));
        } catch (RuntimeException e) {
            throw TaskErrors.sanitize(e, LOG);
        } finally {
            StructuredLog.clearCorrelation();
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).textValue() : null;
    }
}
