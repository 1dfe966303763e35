package io.finport.local;

import java.time.Duration;

/**
 * The local stack's one way to wait between polls (its tests use it too). An interrupt is never swallowed: the flag
 * stays set.
 */
public final class Pause {
    private Pause() {}

    /** Sleeps; false when interrupted (the caller stops what it was doing). */
    public static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sleeps; an interrupt ends the caller's wait with an exception. */
    public static void sleepOrFail(Duration duration) {
        if (!sleep(duration)) throw new IllegalStateException("interrupted");
    }
}
