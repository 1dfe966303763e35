package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.refresh.ConnectionHistory;
import io.finport.workflow.refresh.RefreshConfig;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.task.TaskIo.ImportTask;
import io.finport.workflow.task.TaskIo.NotifyResult;

/**
 * Task "Notify", the last step of every import: publishes the recorded outcome to SNS once (not a refresh's SUCCEEDED
 * imports when RefreshMuteSucceeded is on), then notes it in the caller's connection history (what a refresh lists
 * and checks its skip rules against).
 */
public class NotifyOutcomeHandler extends TaskHandler<ImportTask, NotifyResult> {
    /** The message id recorded for a SUCCEEDED import of a refresh whose per-import messages are muted. */
    static final String MUTED = "muted-during-refresh";

    private final OutcomeNotifier notifier;
    private final ImportStore store;
    private final ConnectionHistory history;
    private final RefreshConfig refreshes;

    public NotifyOutcomeHandler() {
        this(Workflow.fromEnvironment());
    }

    private NotifyOutcomeHandler(Workflow workflow) {
        this(
                workflow.notifier(),
                workflow.store(),
                workflow.refreshes().history(),
                workflow.refreshes().config());
    }

    public NotifyOutcomeHandler(
            OutcomeNotifier notifier, ImportStore store, ConnectionHistory history, RefreshConfig refreshes) {
        super(ImportTask.class);
        this.notifier = notifier;
        this.store = store;
        this.history = history;
        this.refreshes = refreshes;
    }

    @Override
    protected NotifyResult handle(ImportTask task) {
        ImportRecord record = store.get(task.importId());
        NotifyResult result;
        if (record.notification().notifiedAt() == null && refreshes.mutes(record)) {
            store.markNotified(task.importId(), MUTED);
            result = new NotifyResult(MUTED, false);
        } else {
            result = notifier.notify(task.importId());
        }
        history.recordEnded(record);
        return result;
    }
}
