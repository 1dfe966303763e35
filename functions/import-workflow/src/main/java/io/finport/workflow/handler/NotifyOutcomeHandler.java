package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.handler.TaskIo.ImportTask;
import io.finport.workflow.handler.TaskIo.NotifyResult;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.refresh.ConnectionHistory;
import io.finport.workflow.store.ImportStore;

/**
 * Task "Notify", the last step of every import: publishes the recorded outcome to SNS once, then notes it in the
 * caller's connection history (what a refresh lists and checks its skip rules against).
 */
public class NotifyOutcomeHandler extends TaskHandler<ImportTask, NotifyResult> {
    private final OutcomeNotifier notifier;
    private final ImportStore store;
    private final ConnectionHistory history;

    public NotifyOutcomeHandler() {
        this(Workflow.fromEnvironment());
    }

    public NotifyOutcomeHandler(Workflow workflow) {
        super(ImportTask.class);
        this.notifier = workflow.notifier();
        this.store = workflow.store();
        this.history = workflow.refreshes().history();
    }

    @Override
    protected NotifyResult handle(ImportTask task) {
        NotifyResult result = notifier.notify(task.importId());
        history.recordEnded(store.get(task.importId()));
        return result;
    }
}
