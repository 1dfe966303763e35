package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.refresh.RefreshItems;
import io.finport.workflow.task.RefreshTaskIo.RecordItemResult;
import io.finport.workflow.task.RefreshTaskIo.RecordItemTask;

/** Refresh item task "Count outcome": counts how the child import ended, once. */
public class RecordRefreshItemHandler extends TaskHandler<RecordItemTask, RecordItemResult> {
    private final RefreshItems items;

    public RecordRefreshItemHandler() {
        this(Workflow.fromEnvironment().refreshes().items());
    }

    public RecordRefreshItemHandler(RefreshItems items) {
        super(RecordItemTask.class);
        this.items = items;
    }

    @Override
    protected RecordItemResult handle(RecordItemTask task) {
        return new RecordItemResult(
                task.bankConnectionId(), items.record(task.refreshId(), task.bankConnectionId(), task.importId()));
    }
}
