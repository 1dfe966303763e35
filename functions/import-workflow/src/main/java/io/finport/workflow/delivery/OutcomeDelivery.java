package io.finport.workflow.delivery;

import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.refresh.ConnectionHistory;
import io.finport.workflow.refresh.RefreshConfig;
import io.finport.workflow.store.ImportNotFoundException;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.ImportStore.ImportView;
import io.finport.workflow.task.TaskIo.NotifyResult;
import java.util.Objects;

/**
 * The end of every import once its outcome is recorded: publishes it to SNS once (not a refresh's SUCCEEDED imports
 * when RefreshMuteSucceeded is on), then notes it in the caller's connection history (what a refresh lists and checks
 * its skip rules against). Safe to repeat: a second call publishes nothing and returns the first message id.
 */
public final class OutcomeDelivery {
    /** The message id recorded for a SUCCEEDED import of a refresh whose per-import messages are muted. */
    public static final String MUTED = "muted-during-refresh";

    private final OutcomeNotifier notifier;
    private final ImportStore store;
    private final ConnectionHistory history;
    private final RefreshConfig refreshes;

    public OutcomeDelivery(
            OutcomeNotifier notifier, ImportStore store, ConnectionHistory history, RefreshConfig refreshes) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.store = Objects.requireNonNull(store, "store");
        this.history = Objects.requireNonNull(history, "history");
        this.refreshes = Objects.requireNonNull(refreshes, "refreshes");
    }

    public NotifyResult deliver(String importId) {
        // One read for all three: the mute rule, the message and the history.
        return deliver(store.load(importId).orElseThrow(() -> new ImportNotFoundException(importId)));
    }

    /** As {@link #deliver(String)}, for an import its caller holds as it is stored (no read at all). */
    public NotifyResult deliver(ImportView view) {
        ImportRecord record = view.record();
        String importId = record.importId();
        NotifyResult result;
        if (record.notification().notifiedAt() == null && refreshes.mutes(record)) {
            store.markNotified(importId, MUTED);
            result = new NotifyResult(MUTED, false);
        } else {
            result = notifier.notify(view);
        }
        history.recordEnded(record);
        return result;
    }
}
