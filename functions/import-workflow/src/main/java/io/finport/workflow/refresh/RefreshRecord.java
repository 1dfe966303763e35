package io.finport.workflow.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One refresh run ({@code REFRESH#<id> / META}): counts only, never account data.
 *
 * @param callerId       the caller whose connections it covers; null for a scheduled run over every caller
 * @param userReferences the user references it is restricted to (empty: all of the caller's)
 * @param status         see {@link RefreshStatus}
 * @param connections    known connections in scope (manifest items plus those skipped while building it)
 * @param queued         manifest items: connections handed to the Distributed Map
 * @param outcomes       per outcome of the child imports (the outcome vocabulary)
 * @param skipped        per {@link SkipReason}
 * @param resultsLocation s3://bucket/prefix of the Distributed Map's results
 */
public record RefreshRecord(
        String refreshId,
        String callerId,
        List<String> userReferences,
        String requestHash,
        String trigger,
        RefreshStatus status,
        long connections,
        long queued,
        Map<String, Long> outcomes,
        Map<String, Long> skipped,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        String manifestLocation,
        String resultsLocation,
        Instant notifiedAt) {

    public RefreshRecord {
        userReferences = List.copyOf(userReferences);
        outcomes = Map.copyOf(outcomes);
        skipped = Map.copyOf(skipped);
    }

    /** Connections dealt with so far: every child import that ended and every skip. */
    public long done() {
        return outcomes.values().stream().mapToLong(Long::longValue).sum()
                + skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean isFinished() {
        return status.isFinished();
    }
}
