package io.finport.domain.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the poll policies, so a local deployment can shrink all waits while AWS uses realistic ones.
 *
 * @param minWait              lower bound of every wait (finAPI asks for at most one status call per second)
 * @param maxWait              upper bound of every wait, bounds the detection delay of very long imports
 * @param initialWait          first wait of the exponential policy (and of the adaptive one without history)
 * @param backoffFactor        growth per attempt of the exponential policy
 * @param minConnectionSamples connection durations needed before the adaptive policy trusts them
 * @param minBankSamples       bank durations needed before the adaptive policy trusts them
 * @param windowStepUnit       sets the adaptive step inside the expected window: step = sqrt(window × unit), so a
 *                             window gets about sqrt(window / unit) checks (1 s: 16 s → 4 checks of 4 s, 400 s → 20 of
 *                             20 s). Growing with the square root is what minimises calls for a given mean delay
 *                             when windows differ in width.
 * @param maxWindowStep        upper bound of a step inside the window, bounds the delay for slow banks
 * @param windowMargin         relative widening of the learned window; small samples under-estimate the spread
 * @param firstCheckQuantile   where in the learned history the first check goes (0.5 = when half of the past runs had
 *                             finished): most imports are short and regular, so one well-placed check usually suffices
 */
public record PollSettings(
        Duration minWait,
        Duration maxWait,
        Duration initialWait,
        double backoffFactor,
        int minConnectionSamples,
        int minBankSamples,
        Duration windowStepUnit,
        Duration maxWindowStep,
        double windowMargin,
        double firstCheckQuantile) {

    public PollSettings {
        Objects.requireNonNull(minWait, "minWait");
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(initialWait, "initialWait");
        Objects.requireNonNull(maxWindowStep, "maxWindowStep");
        Objects.requireNonNull(windowStepUnit, "windowStepUnit");
        if (minWait.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("minWait must be at least 1s: " + minWait);
        }
        if (maxWait.compareTo(minWait) < 0) {
            throw new IllegalArgumentException("maxWait " + maxWait + " is below minWait " + minWait);
        }
        if (backoffFactor < 1) {
            throw new IllegalArgumentException("backoffFactor must be >= 1: " + backoffFactor);
        }
        if (minConnectionSamples < 1 || minBankSamples < 1) {
            throw new IllegalArgumentException("sample minimums must be >= 1");
        }
        if (windowStepUnit.isNegative() || windowStepUnit.isZero()) {
            throw new IllegalArgumentException("windowStepUnit must be positive: " + windowStepUnit);
        }
        if (windowMargin < 0 || windowMargin >= 1) {
            throw new IllegalArgumentException("windowMargin must be in [0, 1): " + windowMargin);
        }
        if (!(firstCheckQuantile >= 0 && firstCheckQuantile <= 1)) {
            throw new IllegalArgumentException("firstCheckQuantile must be in [0, 1]: " + firstCheckQuantile);
        }
    }

    /**
     * Realistic values for AWS: never more than a minute between checks; without history the first check after 8 s,
     * then waits growing by 1.3 (8 s ×1.3 replaced 5 s ×2: at the same number of calls it cut the mean detection delay
     * by 0.2 s on every seed of the polling benchmark, because the imports without history are much of the delay's
     * tail). The adaptive values were tuned with the polling benchmark (docs/performance.md) on seeds other than the
     * one reported there.
     */
    public static PollSettings defaults() {
        return new PollSettings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(60),
                Duration.ofSeconds(8),
                1.3,
                2,
                2,
                Duration.ofMillis(1500),
                Duration.ofSeconds(30),
                0.1,
                0.5);
    }

    /** For a local stack with a fast sandbox: waits of 1 to 2 seconds. */
    public static PollSettings local() {
        return new PollSettings(
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                2.0,
                2,
                2,
                Duration.ofMillis(1500),
                Duration.ofSeconds(2),
                0.1,
                0.5);
    }

    public PollSettings withWaits(Duration minWait, Duration maxWait, Duration initialWait) {
        return new PollSettings(
                minWait,
                maxWait,
                initialWait,
                backoffFactor,
                minConnectionSamples,
                minBankSamples,
                windowStepUnit,
                maxWindowStep,
                windowMargin,
                firstCheckQuantile);
    }

    public PollSettings withHistoryMinimums(int minConnectionSamples, int minBankSamples) {
        return new PollSettings(
                minWait,
                maxWait,
                initialWait,
                backoffFactor,
                minConnectionSamples,
                minBankSamples,
                windowStepUnit,
                maxWindowStep,
                windowMargin,
                firstCheckQuantile);
    }

    /**
     * Turns a wanted wait into a valid decision: rounded up to whole seconds, within [minWait, maxWait], and not
     * beyond the deadline (so the last check happens right at it). Past the deadline: minWait and deadlineReached.
     */
    PollDecision decide(PollState state, double wantedSeconds) {
        long min = ceilSeconds(minWait);
        if (state.deadlineReached()) {
            return new PollDecision(Duration.ofSeconds(min), true);
        }
        long wanted = Double.isNaN(wantedSeconds) ? min : (long) Math.ceil(Math.min(wantedSeconds, 1e9));
        long toDeadline = ceilSeconds(state.deadline().minus(state.elapsed()));
        long wait = Math.min(Math.min(wanted, maxWait.toSeconds()), toDeadline);
        return new PollDecision(Duration.ofSeconds(Math.max(min, wait)), false);
    }

    private static long ceilSeconds(Duration d) {
        return d.getNano() == 0 ? d.getSeconds() : d.getSeconds() + 1;
    }
}
