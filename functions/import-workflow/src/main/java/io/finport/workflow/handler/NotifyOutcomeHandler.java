package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.handler.TaskIo.ImportTask;
import io.finport.workflow.handler.TaskIo.NotifyResult;
import io.finport.workflow.notify.OutcomeNotifier;

/** Task "Notify": publishes the recorded outcome to SNS once. */
public class NotifyOutcomeHandler extends TaskHandler<ImportTask, NotifyResult> {
    private final OutcomeNotifier notifier;

    public NotifyOutcomeHandler() {
        this(Workflow.fromEnvironment());
    }

    public NotifyOutcomeHandler(Workflow workflow) {
        super(ImportTask.class);
        this.notifier = workflow.notifier();
    }

    @Override
    protected NotifyResult handle(ImportTask task) {
        return notifier.notify(task.importId());
    }
}
