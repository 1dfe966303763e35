package io.finport.workflow.reconcile;

import io.finport.domain.Outcome;
import io.finport.workflow.delivery.OutcomeDelivery;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.task.TaskIo.NotifyResult;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Heals an import whose execution ended without our Catch path (StopExecution, an execution timeout, a failed
 * redrive, an operator's abort): records FAILED with how the execution ended (only if no outcome is recorded),
 * releases the connection lock, and delivers the outcome as the workflow's last task would have ({@link
 * OutcomeDelivery}: one message at most, a refresh's mute rule, the caller's connection history). Safe to run twice.
 */
public class ExecutionReconciler {
    private static final StructuredLog LOG = StructuredLog.of(ExecutionReconciler.class);
    private static final Pattern IMPORT_ID = Pattern.compile("imp-[0-9a-f]{24}");

    private final ImportStore store;
    private final ConnectionLocks locks;
    private final OutcomeDelivery delivery;
    private final String stateMachineArn;
    private final Clock clock;

    /** @param stateMachineArn our state machine: events of any other are skipped */
    public ExecutionReconciler(
            ImportStore store, ConnectionLocks locks, OutcomeDelivery delivery, String stateMachineArn, Clock clock) {
        this.store = store;
        this.locks = locks;
        this.delivery = delivery;
        this.stateMachineArn = stateMachineArn;
        this.clock = clock;
    }

    /** The parts of a Step Functions "Execution Status Change" event we use; name is the import id. */
    public record ExecutionEnded(String executionArn, String stateMachineArn, String name, String status) {}

    /** What was done: ignored (not ours, not an import), or whether an outcome was recorded and a message sent. */
    public record Result(String importId, boolean ignored, boolean recorded, boolean notified) {
        static Result skipped() {
            return new Result(null, true, false, false);
        }
    }

    public Result reconcile(ExecutionEnded event) {
        if (!stateMachineArn.equals(event.stateMachineArn())
                || event.name() == null
                || !IMPORT_ID.matcher(event.name()).matches()
                || EndedEarly.of(event.status()) == null) {
            return Result.skipped();
        }
        String importId = event.name();
        Optional<ImportRecord> found = store.find(importId);
        if (found.isEmpty()) return Result.skipped();
        ImportRecord record = found.get();
        boolean recorded = !record.isFinished()
                && store.recordOutcome(importId, Outcome.FAILED, List.of(), reason(event.status()), 0, clock.instant());
        if (record.bankConnectionId() != null) {
            locks.release(record.bankConnectionId(), importId);
        }
        NotifyResult notified = delivery.deliver(importId);
        LOG.info(
                "ended execution reconciled",
                "executionStatus",
                event.status(),
                "outcomeRecorded",
                recorded,
                "published",
                !notified.alreadyNotified());
        return new Result(importId, false, recorded, !notified.alreadyNotified());
    }

    static String reason(String executionStatus) {
        EndedEarly ended = EndedEarly.of(executionStatus.toUpperCase(Locale.ROOT));
        String how = ended == null ? EndedEarly.FAILED.how : ended.how;
        return "the workflow " + how + " before it recorded an outcome (execution "
                + executionStatus.toUpperCase(Locale.ROOT) + ")";
    }

    /** Step Functions' execution statuses of a run that ended without finishing (its constant names are theirs). */
    private enum EndedEarly {
        ABORTED("was stopped"),
        TIMED_OUT("timed out"),
        FAILED("failed");

        final String how;

        EndedEarly(String how) {
            this.how = how;
        }

        static EndedEarly of(String executionStatus) {
            for (EndedEarly e : values()) {
                if (e.name().equals(executionStatus)) return e;
            }
            return null;
        }
    }
}
