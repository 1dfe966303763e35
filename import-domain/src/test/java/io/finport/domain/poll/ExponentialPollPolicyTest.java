package io.finport.domain.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExponentialPollPolicyTest {

    private static final Duration DEADLINE = Duration.ofMinutes(20);

    private final PollPolicy policy = new ExponentialPollPolicy(PollSettings.defaults());

    @ParameterizedTest
    // 8 s × 1.3^(attempt - 1), rounded up to whole seconds, capped at 60 s.
    @CsvSource({"1, 8", "2, 11", "3, 14", "4, 18", "5, 23", "8, 51", "9, 60", "100, 60", "2147483647, 60"})
    void next_whenAttemptsGrow_growsByTheFactorUpToMaxWait(int attempt, long expectedSeconds) {
        PollDecision decision = policy.next(state(attempt, Duration.ofSeconds(30)));

        assertThat(decision.waitSeconds()).isEqualTo(expectedSeconds);
        assertThat(decision.deadlineReached()).isFalse();
    }

    @Test
    void next_whenDeadlineClose_waitsOnlyUntilDeadline() {
        PollDecision decision = policy.next(state(5, DEADLINE.minusSeconds(7)));

        assertThat(decision.waitSeconds()).isEqualTo(7);
        assertThat(decision.deadlineReached()).isFalse();
    }

    @Test
    void next_whenDeadlineAlmostReached_stillWaitsMinWait() {
        PollDecision decision = policy.next(state(5, DEADLINE.minusMillis(300)));

        assertThat(decision.waitSeconds()).isEqualTo(2);
        assertThat(decision.deadlineReached()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"0", "1", "600"})
    void next_whenElapsedAtOrPastDeadline_reportsDeadlineReached(long secondsPast) {
        PollDecision decision = policy.next(state(9, DEADLINE.plusSeconds(secondsPast)));

        assertThat(decision.deadlineReached()).isTrue();
        assertThat(decision.waitSeconds()).isEqualTo(2);
    }

    @Test
    void next_whenLocalSettings_staysBetweenOneAndTwoSeconds() {
        PollPolicy local = new ExponentialPollPolicy(PollSettings.local());

        assertThat(local.next(state(1, Duration.ZERO)).waitSeconds()).isEqualTo(1);
        assertThat(local.next(state(2, Duration.ofSeconds(1))).waitSeconds()).isEqualTo(2);
        assertThat(local.next(state(9, Duration.ofSeconds(10))).waitSeconds()).isEqualTo(2);
    }

    @Test
    void next_whenInitialBelowMinWait_usesMinWait() {
        PollSettings settings =
                PollSettings.defaults().withWaits(Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(1));

        assertThat(new ExponentialPollPolicy(settings)
                        .next(state(1, Duration.ZERO))
                        .waitSeconds())
                .isEqualTo(3);
    }

    private static PollState state(int attempt, Duration elapsed) {
        return new PollState(attempt, elapsed, DEADLINE, PollHistory.empty(), PollHistory.empty());
    }
}
