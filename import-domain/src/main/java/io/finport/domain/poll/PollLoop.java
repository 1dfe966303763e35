package io.finport.domain.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * The poll loop's decision after each step: go on waiting (and how long), wait for categorization, or leave the loop
 * because finAPI is done or the deadline passed. The waits come from the {@link PollPolicy}; this class decides which
 * state the state machine routes to.
 */
public final class PollLoop {
    private final PollPolicy policy;
    private final Duration deadline;
    private final boolean waitForCategorization;

    /**
     * @param deadline how long a run may poll, measured from its start
     * @param waitForCategorization stay in the loop after the download until finAPI's categorization is done
     */
    public PollLoop(PollPolicy policy, Duration deadline, boolean waitForCategorization) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.waitForCategorization = waitForCategorization;
    }

    /** Where the loop goes next, and the wait before the next check (0 when it leaves the loop). */
    public record Step(PollLoopState state, long nextWaitSeconds) {
        public Step {
            Objects.requireNonNull(state, "state");
        }

        /** The outcome was decided without finAPI (or recorded already): leave the loop at once. */
        public static Step stopped() {
            return new Step(PollLoopState.STOPPED, 0);
        }
    }

    /** finAPI accepted the run (or a web form or task handed over to the download): the first wait, from history. */
    public Step started(PollHistory connectionHistory, PollHistory bankHistory) {
        PollDecision first = policy.next(new PollState(1, Duration.ZERO, deadline, connectionHistory, bankHistory));
        return new Step(PollLoopState.WAITING, first.waitSeconds());
    }

    /**
     * After a status check of the bank connection.
     *
     * @param attempt the 1-based number of this check
     * @param elapsed since the run started
     * @param downloadDone finAPI's updateStatus is READY
     * @param categorizationDone finAPI's categorizationStatus is READY
     */
    public Step afterCheck(
            int attempt,
            Duration elapsed,
            boolean downloadDone,
            boolean categorizationDone,
            PollHistory connectionHistory,
            PollHistory bankHistory) {
        if (downloadDone) {
            boolean categorizing = waitForCategorization && !categorizationDone;
            if (categorizing && elapsed.compareTo(deadline) < 0) {
                return new Step(
                        PollLoopState.CATEGORIZING, backOff(attempt, elapsed).waitSeconds());
            }
            return new Step(PollLoopState.READY, 0);
        }
        return waitOrTimeOut(
                policy.next(new PollState(attempt + 1, elapsed, deadline, connectionHistory, bankHistory)));
    }

    /**
     * While the end user fills in a web form or finAPI's task has not started the download: no history applies, so
     * the policy's capped back-off, bounded by the deadline.
     */
    public Step whileWaiting(int attempt, Duration elapsed) {
        return waitOrTimeOut(backOff(attempt, elapsed));
    }

    private PollDecision backOff(int attempt, Duration elapsed) {
        return policy.next(new PollState(attempt + 1, elapsed, deadline, PollHistory.empty(), PollHistory.empty()));
    }

    private static Step waitOrTimeOut(PollDecision decision) {
        return decision.deadlineReached()
                ? new Step(PollLoopState.TIMED_OUT, 0)
                : new Step(PollLoopState.WAITING, decision.waitSeconds());
    }
}
