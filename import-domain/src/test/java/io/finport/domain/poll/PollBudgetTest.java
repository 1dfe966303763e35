package io.finport.domain.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PollBudgetTest {

    @ParameterizedTest(name = "deadline {0} s, min {1} s, max {2} s -> min {3} s, max {4} s")
    @CsvSource({
        "60, 1, 2, 1, 2", // short deadline: the operator's waits stand
        "1800, 2, 60, 3, 60", // 1800 / 2 = 900 checks > 699: min raised to 3 s
        "1800, 3, 60, 3, 60",
        "43200, 1, 900, 62, 900", // 12 h: at least 62 s between checks
        "43200, 10, 30, 62, 62"
    }) // max raised with min
    void of_whenTheDeadlineNeedsMoreChecksThanTheCap_raisesTheMinimumWait(
            long deadline, long min, long max, long expectedMin, long expectedMax) {
        PollBudget budget =
                PollBudget.of(Duration.ofSeconds(deadline), Duration.ofSeconds(min), Duration.ofSeconds(max));

        assertThat(budget.minWait()).isEqualTo(Duration.ofSeconds(expectedMin));
        assertThat(budget.maxWait()).isEqualTo(Duration.ofSeconds(expectedMax));
        assertThat(budget.checksUntilDeadline()).isLessThanOrEqualTo(PollBudget.MAX_CHECKS);
    }

    @ParameterizedTest
    @CsvSource({"60, 1", "1800, 2", "43200, 1", "43200, 10", "777, 7"})
    void apply_whenPolicyWaitsFollow_noRunReachesTheCapBeforeItsDeadline(long deadline, long min) {
        PollBudget budget =
                PollBudget.of(Duration.ofSeconds(deadline), Duration.ofSeconds(min), Duration.ofSeconds(60));
        PollSettings settings = budget.apply(PollSettings.defaults());
        // The densest a policy can poll: always the minimum wait. Count checks until the deadline ends the run.
        Duration elapsed = Duration.ZERO;
        int checks = 0;
        while (true) {
            checks++;
            PollDecision decision = settings.decide(
                    new PollState(checks, elapsed, budget.deadline(), PollHistory.empty(), PollHistory.empty()), 0);
            if (decision.deadlineReached()) break;
            elapsed = elapsed.plus(decision.waitTime());
        }
        assertThat(checks).isLessThanOrEqualTo(PollBudget.MAX_CHECKS);
    }
}
