package io.finport.domain.poll;

import java.util.Objects;

/**
 * Capped exponential backoff: initialWait, then × backoffFactor per attempt, capped at maxWait. Ignores history; it is
 * the baseline and the adaptive policy's fallback when nothing is known about the bank or connection.
 */
public final class ExponentialPollPolicy implements PollPolicy {

    private final PollSettings settings;

    public ExponentialPollPolicy(PollSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public PollDecision next(PollState state) {
        // attempt 1 is the import call's own response, so the first wait is initialWait.
        double wait = settings.initialWait().toMillis()
                / 1000.0
                * Math.pow(settings.backoffFactor(), Math.min(state.attempt() - 1, 64));
        return settings.decide(state, wait);
    }
}
