package io.finport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PauseTest {
    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void sleep_whenNotInterrupted_waitsAndReturnsTrue() {
        long start = System.nanoTime();
        assertThat(Pause.sleep(Duration.ofMillis(50))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }

    @Test
    void sleep_whenInterrupted_returnsFalseAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        assertThat(Pause.sleep(Duration.ofSeconds(10))).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void sleepOrFail_whenInterrupted_throwsAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Pause.sleepOrFail(Duration.ofSeconds(10)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("interrupted");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
