package io.finport.workflow.retry;

import java.time.Duration;

/**
 * The one way this module waits before trying again: exponential steps from a base delay, capped. Waiting is
 * interruptible: an interrupt ends the wait early and stays set, so the caller's next blocking call sees it.
 *
 * @param base the wait before the first retry
 * @param cap the longest single wait
 */
public record Backoff(Duration base, Duration cap) {

    /** The wait before retry number {@code retry} (1-based): base, 2 × base, 4 × base, ... at most the cap. */
    public Duration delay(int retry) {
        int shift = Math.min(Math.max(retry - 1, 0), 30);
        long millis = base.toMillis() << shift;
        return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
    }

    /** Waits {@link #delay(int)} for this retry. */
    public void await(int retry) {
        pause(delay(retry));
    }

    /** Waits this long (interruptible, as above). */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
