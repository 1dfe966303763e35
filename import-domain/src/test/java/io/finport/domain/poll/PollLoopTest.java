package io.finport.domain.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.domain.poll.PollLoop.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollLoopTest {
    private static final Duration DEADLINE = Duration.ofSeconds(600);
    private static final PollHistory CONNECTION = new PollHistory(List.of(40));
    private static final PollHistory BANK = new PollHistory(List.of(60, 70));

    /** Waits 10 s per attempt and records what it was asked, so the tests see which history each step passes. */
    private final List<PollState> asked = new ArrayList<>();

    private final PollPolicy policy = state -> {
        asked.add(state);
        return new PollDecision(Duration.ofSeconds(10L * state.attempt()), state.deadlineReached());
    };

    private final PollLoop loop = new PollLoop(policy, DEADLINE, true);

    @Test
    void started_waitsAsThePolicySaysForTheFirstObservation() {
        Step step = loop.started(CONNECTION, BANK);

        assertThat(step).isEqualTo(new Step(PollLoopState.WAITING, 10));
        assertThat(asked).singleElement().satisfies(s -> {
            assertThat(s.attempt()).isEqualTo(1);
            assertThat(s.elapsed()).isZero();
            assertThat(s.connectionHistory()).isEqualTo(CONNECTION);
            assertThat(s.bankHistory()).isEqualTo(BANK);
        });
    }

    @Test
    void afterCheck_whileDownloading_waitsWithHistoryForTheNextAttempt() {
        Step step = loop.afterCheck(3, Duration.ofSeconds(90), false, false, CONNECTION, BANK);

        assertThat(step).isEqualTo(new Step(PollLoopState.WAITING, 40));
        assertThat(asked).singleElement().satisfies(s -> {
            assertThat(s.attempt()).isEqualTo(4);
            assertThat(s.connectionHistory()).isEqualTo(CONNECTION);
        });
    }

    @Test
    void afterCheck_whileDownloadingPastTheDeadline_timesOut() {
        Step step = loop.afterCheck(30, DEADLINE, false, false, CONNECTION, BANK);

        assertThat(step).isEqualTo(new Step(PollLoopState.TIMED_OUT, 0));
    }

    @Test
    void afterCheck_whenDownloadAndCategorizationAreDone_isReady() {
        assertThat(loop.afterCheck(2, Duration.ofSeconds(30), true, true, CONNECTION, BANK))
                .isEqualTo(new Step(PollLoopState.READY, 0));
        assertThat(asked).isEmpty();
    }

    @Test
    void afterCheck_whenStillCategorizing_waitsWithoutHistory() {
        Step step = loop.afterCheck(2, Duration.ofSeconds(30), true, false, CONNECTION, BANK);

        assertThat(step).isEqualTo(new Step(PollLoopState.CATEGORIZING, 30));
        assertThat(asked)
                .singleElement()
                .satisfies(s -> assertThat(s.connectionHistory()).isEqualTo(PollHistory.empty()));
    }

    @Test
    void afterCheck_whenStillCategorizingAtTheDeadline_isReadyAnyway() {
        assertThat(loop.afterCheck(9, DEADLINE, true, false, CONNECTION, BANK))
                .isEqualTo(new Step(PollLoopState.READY, 0));
    }

    @Test
    void afterCheck_whenCategorizationIsNotAwaited_isReadyAfterTheDownload() {
        PollLoop noCategorization = new PollLoop(policy, DEADLINE, false);

        assertThat(noCategorization.afterCheck(2, Duration.ofSeconds(30), true, false, CONNECTION, BANK))
                .isEqualTo(new Step(PollLoopState.READY, 0));
    }

    @Test
    void whileWaiting_backsOffWithoutHistoryUntilTheDeadline() {
        assertThat(loop.whileWaiting(1, Duration.ofSeconds(5))).isEqualTo(new Step(PollLoopState.WAITING, 20));
        assertThat(asked.get(0).bankHistory()).isEqualTo(PollHistory.empty());
        assertThat(loop.whileWaiting(7, Duration.ofSeconds(601))).isEqualTo(new Step(PollLoopState.TIMED_OUT, 0));
    }

    @Test
    void stopped_leavesTheLoopAtOnce() {
        assertThat(Step.stopped()).isEqualTo(new Step(PollLoopState.STOPPED, 0));
    }
}
