package io.finport.domain.poll;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recent import/update durations in whole seconds, oldest first. Kept as a plain list of ints because it is stored
 * as-is in DynamoDB (one item per bank and one per connection) and passed through the state machine payload.
 */
public record PollHistory(List<Integer> durationsSeconds) {

    /** Enough to follow a connection that changes behaviour, small enough for a DynamoDB item and the SFN payload. */
    public static final int CAPACITY = 32;

    private static final PollHistory EMPTY = new PollHistory(List.of());

    public PollHistory {
        List<Integer> copy = durationsSeconds == null ? List.of() : List.copyOf(durationsSeconds);
        if (copy.stream().anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException("durations must not be negative: " + copy);
        }
        durationsSeconds = copy.size() > CAPACITY ? copy.subList(copy.size() - CAPACITY, copy.size()) : copy;
    }

    public static PollHistory empty() {
        return EMPTY;
    }

    /**
     * Best estimate of when finAPI finished, given the last check that still saw IN_PROGRESS and the one that saw
     * READY: the midpoint, so that histories do not drift upwards by the detection delay of the policy that made them.
     */
    public static Duration observedDuration(Duration lastPending, Duration ready) {
        return lastPending.plus(ready).dividedBy(2);
    }

    /** How far finAPI's clock may be off ours before its reported time is not trusted (both run NTP). */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(2);

    /**
     * Like {@link #observedDuration(Duration, Duration)}, but with the time finAPI reports for the end of the update
     * (the interface's last update result), measured from the same start: exact where the midpoint is off by up to
     * half a poll step, which keeps the learned windows narrow. Trusted only inside the bracket (within {@link
     * #CLOCK_SKEW}) and clamped into it; anything else (absent, an earlier update's result) gives the midpoint.
     */
    public static Duration observedDuration(Duration lastPending, Duration ready, Duration reported) {
        if (reported == null
                || reported.compareTo(lastPending.minus(CLOCK_SKEW)) < 0
                || reported.compareTo(ready.plus(CLOCK_SKEW)) > 0) {
            return observedDuration(lastPending, ready);
        }
        if (reported.compareTo(lastPending) < 0) return lastPending;
        return reported.compareTo(ready) > 0 ? ready : reported;
    }

    /** A new history with {@code observed} (rounded to whole seconds) appended, dropping the oldest beyond 32. */
    public PollHistory with(Duration observed) {
        long seconds = Math.max(0, Math.round(observed.toMillis() / 1000.0));
        List<Integer> next = new ArrayList<>(durationsSeconds.size() + 1);
        next.addAll(durationsSeconds);
        next.add((int) Math.min(Integer.MAX_VALUE, seconds));
        return new PollHistory(next);
    }

    public int size() {
        return durationsSeconds.size();
    }

    public boolean isEmpty() {
        return durationsSeconds.isEmpty();
    }

    /**
     * Linearly interpolated quantile in seconds (p in [0, 1]; 0 = min, 1 = max).
     *
     * @throws IllegalStateException when empty
     */
    public double quantileSeconds(double p) {
        if (p < 0 || p > 1 || Double.isNaN(p)) {
            throw new IllegalArgumentException("p must be in [0, 1]: " + p);
        }
        if (isEmpty()) {
            throw new IllegalStateException("no samples");
        }
        int[] sorted = durationsSeconds.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(sorted);
        double rank = p * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    public double medianSeconds() {
        return quantileSeconds(0.5);
    }
}
