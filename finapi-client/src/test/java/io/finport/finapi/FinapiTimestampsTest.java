package io.finport.finapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FinapiTimestampsTest {

    @Test
    void parse_whenV2WithOffset_returnsInstant() {
        assertThat(FinapiTimestamps.parse("2020-11-19T16:54:06.854+01:00"))
                .isEqualTo(Instant.parse("2020-11-19T15:54:06.854Z"));
    }

    @Test
    void parse_whenUtcDesignator_returnsInstant() {
        assertThat(FinapiTimestamps.parse("2020-11-19T16:54:06Z")).isEqualTo(Instant.parse("2020-11-19T16:54:06Z"));
    }

    @Test
    void parse_whenWebFormOffsetWithoutColon_returnsInstant() {
        assertThat(FinapiTimestamps.parse("2020-11-19T16:54:06.854+0100"))
                .isEqualTo(Instant.parse("2020-11-19T15:54:06.854Z"));
    }

    @Test
    void parse_whenV1GermanWinterTime_appliesCet() {
        assertThat(FinapiTimestamps.parse("2020-11-19 16:54:06.854"))
                .isEqualTo(Instant.parse("2020-11-19T15:54:06.854Z"));
    }

    @Test
    void parse_whenV1GermanSummerTime_appliesCest() {
        assertThat(FinapiTimestamps.parse("2020-07-01 12:00:00.000")).isEqualTo(Instant.parse("2020-07-01T10:00:00Z"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "2020-13-45T99:00:00+01:00", "2020-11-19", "1605800046854", "  "})
    void parse_whenGarbage_returnsNull(String raw) {
        assertThat(FinapiTimestamps.parse(raw)).isNull();
    }
}
