package io.finport.workflow.service;

import io.finport.domain.poll.PollLoop.Step;
import io.finport.domain.poll.PollLoopState;
import io.finport.workflow.callback.FinapiCallbacks;
import java.time.Duration;

/**
 * While a web form or task is not final: with callbacks on, the run waits for finAPI's callback instead of polling,
 * at most the fallback wait (never past the deadline); a step that leaves the loop is kept as it is.
 */
final class CallbackWait {
    private final FinapiCallbacks callbacks;
    private final Duration deadline;

    CallbackWait(FinapiCallbacks callbacks, Duration deadline) {
        this.callbacks = callbacks;
        this.deadline = deadline;
    }

    Step orPoll(Step poll, Duration elapsed) {
        if (!callbacks.enabled() || poll.state() != PollLoopState.WAITING) return poll;
        return new Step(PollLoopState.AWAITING_CALLBACK, callbacks.fallbackWaitSeconds(deadline.minus(elapsed)));
    }
}
