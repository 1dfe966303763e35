package io.finport.workflow.refresh;

import io.finport.domain.Outcome;
import io.finport.workflow.execution.Executions;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionLocks.Holder;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One manifest item of a refresh, around its child import: {@link #prepare} re-checks the skip rules (the lock may
 * have been taken since the manifest was written), takes the connection's lock and creates the UPDATE's import
 * record; the state machine then runs the import workflow as a child execution named by the import id; {@link #record}
 * counts how it ended. The import id is derived from the refresh and the connection, so a retried item never starts a
 * second update of the same connection.
 */
public class RefreshItems {
    private static final StructuredLog LOG = StructuredLog.of(RefreshItems.class);
    /** Marks the import records a refresh created (the notifier may mute their SUCCEEDED messages). */
    public static final String REQUEST_HASH_PREFIX = "refresh:";

    private static final int TAKE_OVER_ATTEMPTS = 3;

    private final RefreshStore refreshes;
    private final ConnectionHistory history;
    private final ConnectionLocks locks;
    private final ImportStore imports;
    private final Executions executions;
    private final SkipRules rules;
    private final Duration lease;
    private final Clock clock;

    public RefreshItems(
            RefreshStore refreshes,
            ConnectionHistory history,
            ConnectionLocks locks,
            ImportStore imports,
            Executions executions,
            SkipRules rules,
            Duration lease,
            Clock clock) {
        this.refreshes = refreshes;
        this.history = history;
        this.locks = locks;
        this.imports = imports;
        this.executions = executions;
        this.rules = rules;
        this.lease = lease;
        this.clock = clock;
    }

    /**
     * run=false: skipped (and counted under skipReason); run=true: start the child execution importId with childInput,
     * exactly the input the API starts imports with (so {@link Executions#isOver} recognizes a running child).
     */
    public record Prepared(boolean run, String importId, String childInput, String skipReason) {
        static Prepared run(String importId) {
            return new Prepared(true, importId, Executions.input(importId), null);
        }
    }

    public Prepared prepare(String refreshId, String callerId, long bankConnectionId) {
        String importId = importIdOf(refreshId, bankConnectionId);
        Optional<ImportRecord> existing = imports.find(importId);
        if (existing.isPresent()) return Prepared.run(importId); // a retried item: the same child again
        Instant now = clock.instant();
        Optional<KnownConnection> connection = history.find(callerId, bankConnectionId);
        if (connection.isEmpty()) return skip(refreshId, bankConnectionId, SkipReason.NO_LONGER_KNOWN, "no record");
        KnownConnection c = connection.get();
        Optional<SkipReason> rule = rules.check(c, false, now);
        if (rule.isPresent()) return skip(refreshId, bankConnectionId, rule.get(), "skip rule");
        if (!takeLock(bankConnectionId, importId, now))
            return skip(refreshId, bankConnectionId, SkipReason.LOCKED, "locked");
        imports.createImport(ImportRecord.pendingUpdate(
                importId, c.callerId(), c.userReference(), bankConnectionId, REQUEST_HASH_PREFIX + refreshId, now));
        history.recordUnattendedUpdate(c.callerId(), bankConnectionId, importId, now);
        return Prepared.run(importId);
    }

    /** Counts the child import's outcome (FAILED when the child ended without one). */
    public String record(String refreshId, long bankConnectionId, String importId) {
        String outcome = imports.find(importId)
                .map(ImportRecord::outcome)
                .map(Outcome::name)
                .orElse(null);
        if (outcome == null) {
            LOG.warn("child import ended without an outcome", "refreshId", refreshId, "importId", importId);
            outcome = Outcome.FAILED.name();
        }
        refreshes.recordItem(refreshId, bankConnectionId, RefreshStore.OUTCOME + outcome, importId);
        return outcome;
    }

    private Prepared skip(String refreshId, long bankConnectionId, SkipReason reason, String why) {
        LOG.info(
                "connection skipped",
                "refreshId",
                refreshId,
                "bankConnectionId",
                bankConnectionId,
                "reason",
                reason.name(),
                "why",
                why);
        refreshes.recordItem(refreshId, bankConnectionId, RefreshStore.SKIP + reason.name(), null);
        return new Prepared(false, null, null, reason.name());
    }

    /** Takes the connection's lock, taking over one whose import's execution has ended; false when an import runs. */
    private boolean takeLock(long bankConnectionId, String importId, Instant now) {
        String executionArn = executions.arnOf(importId);
        for (int attempt = 0; attempt < TAKE_OVER_ATTEMPTS; attempt++) {
            Optional<Holder> busy = locks.acquire(bankConnectionId, importId, executionArn, now, now.plus(lease));
            if (busy.isEmpty()) return true;
            Holder holder = busy.get();
            if (holder.importId() == null || !executions.isOver(holder.importId())) return false;
            if (locks.takeOver(bankConnectionId, holder.importId(), importId, executionArn, now, now.plus(lease)))
                return true;
        }
        return false;
    }

    /** imp- and 24 hex digits, like every import id (GET /imports/{id} shows a refresh's imports too). */
    public static String importIdOf(String refreshId, long bankConnectionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("refresh\n" + refreshId + "\n" + bankConnectionId).getBytes(StandardCharsets.UTF_8));
            return "imp-" + HexFormat.of().formatHex(digest).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
