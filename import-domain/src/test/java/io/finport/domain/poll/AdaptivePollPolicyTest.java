package io.finport.domain.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AdaptivePollPolicyTest {

    private static final Duration DEADLINE = Duration.ofMinutes(20);
    /** p10 = 28, median 30, p90 = 32 → window [25.2, 35.2] with the default 10% margin; step sqrt(10 × 1.5) = 3.9 s. */
    private static final PollHistory AROUND_30S = new PollHistory(List.of(28, 29, 30, 31, 32, 28, 29, 30, 31, 32));

    private final PollSettings settings = PollSettings.defaults();
    private final AdaptivePollPolicy policy = new AdaptivePollPolicy(settings);

    @Test
    void next_whenNoHistory_behavesLikeExponential() {
        ExponentialPollPolicy exponential = new ExponentialPollPolicy(settings);
        for (int attempt = 1; attempt <= 8; attempt++) {
            PollState state =
                    state(attempt, Duration.ofSeconds(attempt * 10L), PollHistory.empty(), PollHistory.empty());

            assertThat(policy.next(state)).isEqualTo(exponential.next(state));
        }
    }

    static Stream<Arguments> historySources() {
        PollHistory one = new PollHistory(List.of(30));
        PollHistory four = new PollHistory(List.of(30, 30, 30, 30));
        return Stream.of(
                Arguments.of(AROUND_30S, PollHistory.empty(), AROUND_30S),
                Arguments.of(AROUND_30S, four, AROUND_30S),
                Arguments.of(one, AROUND_30S, AROUND_30S),
                Arguments.of(PollHistory.empty(), four, four),
                Arguments.of(one, one, null),
                Arguments.of(PollHistory.empty(), PollHistory.empty(), null));
    }

    @ParameterizedTest
    @MethodSource("historySources")
    void learnedHistory_whenEnoughSamples_prefersConnectionThenBank(
            PollHistory connection, PollHistory bank, PollHistory expected) {
        assertThat(policy.learnedHistory(state(1, Duration.ZERO, connection, bank)))
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 30", // before the window: straight to the first check at the median
        "20, 10", "26, 4", // inside: 3.9 s, rounded up to whole seconds
        "34, 4", "40, 5", // after: wait as long as the overshoot (4.8 s)
        "80, 45", "200, 60"
    }) // ... capped at maxWait
    void next_whenConnectionHistoryKnown_concentratesChecksAroundExpectedFinish(long elapsed, long expectedWait) {
        PollDecision decision = policy.next(state(2, Duration.ofSeconds(elapsed), AROUND_30S, PollHistory.empty()));

        assertThat(decision.waitSeconds()).isEqualTo(expectedWait);
    }

    @Test
    void next_whenWindowStartBeyondMaxWait_capsFirstWait() {
        PollHistory slow = new PollHistory(List.of(600, 620, 640, 610, 630));

        assertThat(policy.next(state(1, Duration.ZERO, slow, slow)).waitSeconds())
                .isEqualTo(60);
    }

    @Test
    void next_whenWideWindow_stepGrowsWithSquareRootOfWidth() {
        // p10 84, p90 276 → window [75.6, 303.6], 228 s wide → step sqrt(228 × 1.5) = 18.5 s
        PollHistory wide = new PollHistory(List.of(60, 120, 240, 300, 180));

        assertThat(policy.next(state(3, Duration.ofSeconds(150), wide, wide)).waitSeconds())
                .isEqualTo(19);
    }

    @Test
    void next_whenWideWindow_capsStepAtMaxWindowStep() {
        PollHistory wide = new PollHistory(List.of(60, 120, 240, 300, 180));
        PollSettings capped = changed(Duration.ofSeconds(1), Duration.ofSeconds(10), settings.firstCheckQuantile());

        assertThat(new AdaptivePollPolicy(capped)
                        .next(state(3, Duration.ofSeconds(150), wide, wide))
                        .waitSeconds())
                .isEqualTo(10);
    }

    @Test
    void next_whenMedianEarlierThanOneStepIntoWindow_checksOneStepIn() {
        PollSettings early = changed(settings.windowStepUnit(), settings.maxWindowStep(), 0.0);

        // window starts at 25.2 s, step 3.9 s → first check at 29.1 s
        assertThat(new AdaptivePollPolicy(early)
                        .next(state(1, Duration.ZERO, AROUND_30S, AROUND_30S))
                        .waitSeconds())
                .isEqualTo(30);
    }

    @Test
    void next_whenHistoryTinyDurations_neverWaitsBelowMinWait() {
        PollHistory instant = new PollHistory(List.of(0, 1, 0, 1, 1));

        for (int elapsed = 0; elapsed < 30; elapsed++) {
            assertThat(policy.next(state(2, Duration.ofSeconds(elapsed), instant, instant))
                            .waitSeconds())
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void next_whenPastDeadline_reportsDeadlineReached() {
        PollDecision decision = policy.next(state(30, DEADLINE, AROUND_30S, AROUND_30S));

        assertThat(decision.deadlineReached()).isTrue();
        assertThat(decision.waitSeconds()).isEqualTo(2);
    }

    @Test
    void next_whenDeadlineNear_neverWaitsPastIt() {
        PollHistory slow = new PollHistory(List.of(1500, 1500, 1500, 1500, 1500));

        assertThat(policy.next(state(3, DEADLINE.minusSeconds(12), slow, slow)).waitSeconds())
                .isEqualTo(12);
    }

    @Test
    void next_whenRandomStates_staysWithinBoundsAndWholeSeconds() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            List<Integer> samples = new ArrayList<>();
            for (int s = random.nextInt(12); s > 0; s--) {
                samples.add(random.nextInt(900));
            }
            PollHistory history = new PollHistory(samples);
            Duration elapsed = Duration.ofMillis(random.nextLong(1_300_000));
            PollDecision decision = policy.next(state(1 + random.nextInt(50), elapsed, history, history));

            assertThat(decision.waitTime()).isBetween(settings.minWait(), settings.maxWait());
            assertThat(decision.waitTime().getNano()).isZero();
            assertThat(decision.deadlineReached()).isEqualTo(elapsed.compareTo(DEADLINE) >= 0);
        }
    }

    @Test
    void pollState_whenAttemptBelowOne_rejects() {
        assertThatThrownBy(() -> new PollState(0, Duration.ZERO, DEADLINE, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PollState state(int attempt, Duration elapsed, PollHistory connection, PollHistory bank) {
        return new PollState(attempt, elapsed, DEADLINE, connection, bank);
    }

    /** The defaults with another window step and first-check quantile. */
    private PollSettings changed(Duration windowStepUnit, Duration maxWindowStep, double firstCheckQuantile) {
        return new PollSettings(
                settings.minWait(),
                settings.maxWait(),
                settings.initialWait(),
                settings.backoffFactor(),
                settings.minConnectionSamples(),
                settings.minBankSamples(),
                windowStepUnit,
                maxWindowStep,
                settings.windowMargin(),
                firstCheckQuantile);
    }
}
