package io.finport.workflow.tenant;

import io.finport.workflow.execution.Executions;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionLocks.Holder;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ImportStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Admits an UPDATE/TRACK of a bank connection for a caller, in this order: a connection on record as another caller's
 * (or another user reference's) does not exist for this one; then the connection lock, where a holder whose execution
 * is over no longer counts; a running import is named only to the caller that owns it, to anyone else the connection
 * does not exist. Nothing is locked and finAPI is not called for a connection that is not the caller's.
 */
public class ConnectionGate {
    private static final StructuredLog LOG = StructuredLog.of(ConnectionGate.class);
    private static final int TAKE_OVER_ATTEMPTS = 3;

    public sealed interface Admission permits Granted, NotFound, Busy {}

    public record Granted() implements Admission {}

    public record NotFound() implements Admission {}

    public record Busy(String runningImportId) implements Admission {}

    private final ConnectionOwners owners;
    private final ConnectionLocks locks;
    private final ImportStore store;
    private final Executions executions;
    private final Duration lease;

    public ConnectionGate(
            ConnectionOwners owners, ConnectionLocks locks, ImportStore store, Executions executions, Duration lease) {
        this.owners = owners;
        this.locks = locks;
        this.store = store;
        this.executions = executions;
        this.lease = lease;
    }

    public Admission admit(
            CallerIdentity caller, String userReference, long bankConnectionId, String importId, Instant now) {
        boolean foreign = owners.find(bankConnectionId)
                .filter(o -> !(caller.owns(o.callerId()) && o.userReference().equals(userReference)))
                .isPresent();
        if (foreign) return new NotFound();
        String executionArn = executions.arnOf(importId);
        Holder holder = null;
        for (int attempt = 0; attempt < TAKE_OVER_ATTEMPTS; attempt++) {
            Optional<Holder> busy = locks.acquire(bankConnectionId, importId, executionArn, now, now.plus(lease));
            if (busy.isEmpty()) return new Granted();
            holder = busy.get();
            if (holder.importId() == null || !executions.isOver(holder.importId())) break;
            if (locks.takeOver(bankConnectionId, holder.importId(), importId, executionArn, now, now.plus(lease))) {
                LOG.info(
                        "connection lock of an ended execution taken over",
                        "bankConnectionId",
                        bankConnectionId,
                        "endedImportId",
                        holder.importId());
                return new Granted();
            }
        }
        return disclose(caller, holder);
    }

    /** Frees the connection if this import still holds it (a run that could not start, or ended). */
    public void release(long bankConnectionId, String importId) {
        locks.release(bankConnectionId, importId);
    }

    /** 409 with the running import for its owner; for anyone else the connection simply does not exist. */
    private Admission disclose(CallerIdentity caller, Holder holder) {
        if (holder == null || holder.importId() == null) return new NotFound();
        boolean own = store.find(holder.importId())
                .map(r -> caller.owns(r.callerId()))
                .orElse(false);
        return own ? new Busy(holder.importId()) : new NotFound();
    }
}
