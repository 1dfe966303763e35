package io.finport.domain.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * The next wait of the poll loop. (Named {@code waitTime} because a record component cannot be called {@code wait}:
 * it would clash with {@link Object#wait()}.)
 *
 * @param waitTime        whole seconds, at least the configured minimum wait (the Wait state needs a positive value)
 * @param deadlineReached the caller should stop polling and report TIMED_OUT instead of waiting
 */
public record PollDecision(Duration waitTime, boolean deadlineReached) {

    public PollDecision {
        Objects.requireNonNull(waitTime, "waitTime");
        if (waitTime.isNegative() || waitTime.getNano() != 0) {
            throw new IllegalArgumentException("waitTime must be a non-negative whole number of seconds: " + waitTime);
        }
    }

    /** For the ASL SecondsPath. */
    public long waitSeconds() {
        return waitTime.toSeconds();
    }
}
