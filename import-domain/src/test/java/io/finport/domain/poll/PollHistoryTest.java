package io.finport.domain.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PollHistoryTest {

    @Test
    void with_whenMoreThanCapacity_keepsMostRecent32() {
        PollHistory history = PollHistory.empty();
        for (int i = 1; i <= 40; i++) {
            history = history.with(Duration.ofSeconds(i));
        }

        assertThat(history.durationsSeconds()).hasSize(32).startsWith(9).endsWith(40);
    }

    @Test
    void constructor_whenGivenLongList_truncatesToMostRecent() {
        PollHistory history =
                new PollHistory(IntStream.rangeClosed(1, 50).boxed().toList());

        assertThat(history.durationsSeconds()).hasSize(PollHistory.CAPACITY).startsWith(19);
    }

    @Test
    void with_whenFractionalSeconds_roundsToWholeSeconds() {
        assertThat(PollHistory.empty().with(Duration.ofMillis(12_600)).durationsSeconds())
                .containsExactly(13);
    }

    @ParameterizedTest
    @CsvSource({"0.0, 10", "0.5, 30", "1.0, 50", "0.25, 20", "0.1, 14", "0.9, 46"})
    void quantileSeconds_whenSamplesUnsorted_interpolatesLinearly(double p, double expected) {
        PollHistory history = new PollHistory(List.of(50, 10, 30, 20, 40));

        assertThat(history.quantileSeconds(p)).isEqualTo(expected);
    }

    @Test
    void quantileSeconds_whenEmpty_throws() {
        assertThatThrownBy(() -> PollHistory.empty().quantileSeconds(0.5)).isInstanceOf(IllegalStateException.class);
        assertThat(PollHistory.empty().isEmpty()).isTrue();
    }

    @Test
    void observedDuration_whenPendingAndReadyChecks_returnsMidpoint() {
        assertThat(PollHistory.observedDuration(Duration.ofSeconds(20), Duration.ofSeconds(30)))
                .isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void observedDuration_whenFinapiReportsAnEndInsideTheBracket_returnsIt() {
        assertThat(PollHistory.observedDuration(
                        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMillis(21_400)))
                .isEqualTo(Duration.ofMillis(21_400));
    }

    @Test
    void observedDuration_whenTheReportedEndIsJustOutsideTheBracket_clampsItForClockSkew() {
        assertThat(PollHistory.observedDuration(
                        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMillis(18_500)))
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(PollHistory.observedDuration(
                        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofMillis(31_500)))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void observedDuration_whenTheReportedEndIsImplausibleOrAbsent_returnsTheMidpoint() {
        // An earlier update's result (long before this one started) or a clock far off: not this run's end.
        assertThat(PollHistory.observedDuration(
                        Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(-3_600)))
                .isEqualTo(Duration.ofSeconds(25));
        assertThat(PollHistory.observedDuration(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(45)))
                .isEqualTo(Duration.ofSeconds(25));
        assertThat(PollHistory.observedDuration(Duration.ofSeconds(20), Duration.ofSeconds(30), null))
                .isEqualTo(Duration.ofSeconds(25));
    }

    @Test
    void constructor_whenNegativeDuration_rejects() {
        assertThatThrownBy(() -> new PollHistory(List.of(3, -1))).isInstanceOf(IllegalArgumentException.class);
    }
}
