package io.finport.bench;

import io.finport.domain.poll.PollDecision;
import io.finport.domain.poll.PollPolicy;
import io.finport.domain.poll.PollState;
import java.time.Duration;

/** The naive baseline: the same wait every time, stopping at the deadline. */
record FixedIntervalPollPolicy(Duration interval) implements PollPolicy {

    @Override
    public PollDecision next(PollState state) {
        return new PollDecision(interval, state.deadlineReached());
    }
}
