package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.delivery.OutcomeDelivery;
import io.finport.workflow.notify.ImportFailedException;
import io.finport.workflow.task.TaskIo.NotifyResult;
import io.finport.workflow.task.TaskIo.NotifyTask;

/**
 * Task "Notify", the last step of a run that went through Record failure: delivers the recorded outcome (one SNS
 * message, the connection history; see {@link OutcomeDelivery}). After an unexpected failure it then throws {@link
 * ImportFailedException}, which the state machine turns into a failed execution. (A run that ends normally delivers
 * its outcome in "Record outcome and notify".)
 */
public class NotifyOutcomeHandler extends TaskHandler<NotifyTask, NotifyResult> {
    private final OutcomeDelivery delivery;

    public NotifyOutcomeHandler() {
        this(Workflow.fromEnvironment().delivery());
    }

    public NotifyOutcomeHandler(OutcomeDelivery delivery) {
        super(NotifyTask.class);
        this.delivery = delivery;
    }

    @Override
    protected NotifyResult handle(NotifyTask task) {
        NotifyResult result = delivery.deliver(task.importId());
        // The final Choice of the state machine lives here: an unexpected failure ends the execution failed.
        if (Boolean.TRUE.equals(task.unexpected())) throw new ImportFailedException();
        return result;
    }
}
