package io.finport.finapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StatusEnumsTest {

    @Test
    void parse_whenKnownValue_returnsConstant() {
        assertThat(UpdateStatus.parse("IN_PROGRESS")).isEqualTo(UpdateStatus.IN_PROGRESS);
        assertThat(UpdateStatus.parse("READY")).isEqualTo(UpdateStatus.READY);
        assertThat(CategorizationStatus.parse("PENDING")).isEqualTo(CategorizationStatus.PENDING);
        assertThat(WebFormStatus.parse("COMPLETED_WITH_ERROR")).isEqualTo(WebFormStatus.COMPLETED_WITH_ERROR);
        assertThat(UpdateResultCode.parse("INTERNAL_SERVER_ERROR")).isEqualTo(UpdateResultCode.INTERNAL_SERVER_ERROR);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "BRAND_NEW_VALUE", "READY_SOON", "UNKNOWN", "null"})
    void parse_whenUnknownOrMissing_returnsUnknown(String raw) {
        assertThat(UpdateStatus.parse(raw)).isEqualTo(UpdateStatus.UNKNOWN);
        assertThat(CategorizationStatus.parse(raw)).isEqualTo(CategorizationStatus.UNKNOWN);
        assertThat(WebFormStatus.parse(raw)).isEqualTo(WebFormStatus.UNKNOWN);
        assertThat(UpdateResultCode.parse(raw)).isEqualTo(UpdateResultCode.UNKNOWN);
    }

    @Test
    void parse_whenDifferentCaseOrPadding_stillMatches() {
        assertThat(UpdateStatus.parse(" ready ")).isEqualTo(UpdateStatus.READY);
    }

    @Test
    void isFinal_whenTerminalStatus_returnsTrueOnlyForTerminalOnes() {
        assertThat(WebFormStatus.values())
                .filteredOn(WebFormStatus::isFinal)
                .containsExactlyInAnyOrder(
                        WebFormStatus.COMPLETED,
                        WebFormStatus.COMPLETED_WITH_ERROR,
                        WebFormStatus.EXPIRED,
                        WebFormStatus.ABORTED);
    }
}
