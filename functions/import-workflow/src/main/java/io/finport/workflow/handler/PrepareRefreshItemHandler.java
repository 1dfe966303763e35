package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.refresh.RefreshItems;
import io.finport.workflow.refresh.RefreshItems.Prepared;
import io.finport.workflow.task.RefreshTaskIo.PrepareItemTask;

/** Refresh item task "Prepare connection": skip rules again, the connection's lock and the UPDATE's import record. */
public class PrepareRefreshItemHandler extends TaskHandler<PrepareItemTask, Prepared> {
    private final RefreshItems items;

    public PrepareRefreshItemHandler() {
        this(Workflow.fromEnvironment().refreshes().items());
    }

    public PrepareRefreshItemHandler(RefreshItems items) {
        super(PrepareItemTask.class);
        this.items = items;
    }

    @Override
    protected Prepared handle(PrepareItemTask task) {
        return items.prepare(task.refreshId(), task.callerId(), task.bankConnectionId());
    }
}
