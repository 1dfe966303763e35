package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.notify.ImportFailedException;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.refresh.ConnectionHistory;
import io.finport.workflow.refresh.RefreshConfig;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.task.TaskIo.NotifyResult;
import io.finport.workflow.task.TaskIo.NotifyTask;

/**
 * Task "Notify", the last step of every import: publishes the recorded outcome to SNS once (not a refresh's SUCCEEDED
 * imports when RefreshMuteSucceeded is on), then notes it in the caller's connection history (what a refresh lists
 * and checks its skip rules against). After an unexpected failure it then throws {@link ImportFailedException}, which
 * the state machine turns into a failed execution.
 */
public class NotifyOutcomeHandler extends TaskHandler<NotifyTask, NotifyResult> {
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
        super(NotifyTask.class);
        this.notifier = notifier;
        this.store = store;
        this.history = history;
        this.refreshes = refreshes;
    }

    @Override
    protected NotifyResult handle(NotifyTask task) {
        ImportRecord record = store.get(task.importId());
        NotifyResult result;
        if (record.notification().notifiedAt() == null && refreshes.mutes(record)) {
            store.markNotified(task.importId(), MUTED);
            result = new NotifyResult(MUTED, false);
        } else {
            result = notifier.notify(task.importId());
        }
        history.recordEnded(record);
        // The final Choice of the state machine lives here: an unexpected failure ends the execution failed.
        if (Boolean.TRUE.equals(task.unexpected())) throw new ImportFailedException();
        return result;
    }
}
