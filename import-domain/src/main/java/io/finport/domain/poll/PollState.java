package io.finport.domain.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * What a policy may base its decision on.
 *
 * @param attempt           status observations so far, at least 1: the import/update call's own IN_PROGRESS response
 *                          counts as the first, so the start task asks with attempt=1 for the first wait
 * @param elapsed           since the import/update was started
 * @param deadline          total time allowed, measured like {@code elapsed}
 * @param connectionHistory recent durations of this bank connection (empty for a new import)
 * @param bankHistory       recent durations of all connections at this bank
 */
public record PollState(
        int attempt, Duration elapsed, Duration deadline, PollHistory connectionHistory, PollHistory bankHistory) {

    public PollState {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(deadline, "deadline");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative: " + elapsed);
        }
        connectionHistory = connectionHistory == null ? PollHistory.empty() : connectionHistory;
        bankHistory = bankHistory == null ? PollHistory.empty() : bankHistory;
    }

    public boolean deadlineReached() {
        return elapsed.compareTo(deadline) >= 0;
    }
}
