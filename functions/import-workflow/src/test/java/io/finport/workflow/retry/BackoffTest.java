package io.finport.workflow.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void delay_doublesFromTheBaseUpToTheCap() {
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delay(5)).isEqualTo(Duration.ofMillis(1600));
        assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(64)).as("no overflow far out").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void await_whenInterrupted_returnsAtOnceAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        long started = System.nanoTime();

        new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(30)).await(1);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(Thread.interrupted())
                .as("the interrupt stays set (and is cleared here)")
                .isTrue();
    }
}
