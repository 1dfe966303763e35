package io.finport.domain.poll;

import java.time.Duration;

/**
 * How many status checks a run may make, derived from its deadline. The state machine stops the poll loop after
 * {@link #MAX_CHECKS} checks (a fixed cap that keeps the worst-case execution history below Step Functions' 25,000
 * events); a run must never reach that cap before its deadline. Every wait is at least the minimum wait, so a run makes
 * at most deadline ÷ minimum wait checks (+1 at the deadline itself): where that exceeds the cap, the minimum wait is
 * raised to deadline ÷ (cap − 1).
 *
 * @param deadline how long a run may poll
 * @param minWait  the operator's minimum wait, raised where the deadline needs it
 * @param maxWait  the operator's maximum wait, never below the (raised) minimum
 */
public record PollBudget(Duration deadline, Duration minWait, Duration maxWait) {
    /** The attempt cap of statemachine/import-workflow.asl.json ("Is finAPI done?"); infra-tests check they agree. */
    public static final int MAX_CHECKS = 700;

    public static PollBudget of(Duration deadline, Duration minWait, Duration maxWait) {
        long needed = ceilDiv(deadline.toSeconds(), MAX_CHECKS - 1);
        Duration min = minWait.toSeconds() >= needed ? minWait : Duration.ofSeconds(needed);
        Duration max = maxWait.compareTo(min) >= 0 ? maxWait : min;
        return new PollBudget(deadline, min, max);
    }

    /** The most checks a run can make before its deadline ends it: one per minimum wait, plus the one at the deadline. */
    public long checksUntilDeadline() {
        return ceilDiv(deadline.toSeconds(), minWait.toSeconds()) + 1;
    }

    /** Poll settings with this budget's waits (initial wait: twice the minimum, within the maximum). */
    public PollSettings apply(PollSettings settings) {
        Duration initial = minWait.multipliedBy(2).compareTo(maxWait) <= 0 ? minWait.multipliedBy(2) : maxWait;
        return settings.withWaits(minWait, maxWait, initial);
    }

    private static long ceilDiv(long a, long b) {
        return Math.floorDiv(a + b - 1, b);
    }
}
