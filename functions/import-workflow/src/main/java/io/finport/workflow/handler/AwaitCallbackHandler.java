package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.callback.CallbackWaits;
import io.finport.workflow.task.TaskIo;

/**
 * Task "Wait for finAPI callback" ({@code lambda:invoke.waitForTaskToken}): stores the run's task token so that
 * finAPI's callback can resume it. The state machine waits until then, or until its timeout sends it to the status
 * check. The answer is ignored by Step Functions; the token is neither logged nor returned.
 */
public class AwaitCallbackHandler
        extends TaskHandler<AwaitCallbackHandler.AwaitCallbackTask, AwaitCallbackHandler.Registered> {
    private final CallbackWaits waits;

    public AwaitCallbackHandler() {
        this(Workflow.fromEnvironment().callbackWaits());
    }

    public AwaitCallbackHandler(CallbackWaits waits) {
        super(AwaitCallbackTask.class);
        this.waits = waits;
    }

    @Override
    protected Registered handle(AwaitCallbackTask task) {
        if (task.taskToken() == null || task.taskToken().isBlank()) {
            throw new IllegalArgumentException("taskToken missing");
        }
        waits.register(task.importId(), task.taskToken());
        return new Registered(true);
    }

    /** The task's input; taskToken is {@code $$.Task.Token}. */
    public record AwaitCallbackTask(String importId, String executionName, String taskToken)
            implements TaskIo.TaskInput {
        @Override
        public String toString() {
            return "AwaitCallbackTask[importId=" + importId + ", taskToken=redacted]";
        }
    }

    public record Registered(boolean registered) {}
}
