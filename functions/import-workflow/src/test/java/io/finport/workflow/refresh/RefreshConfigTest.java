package io.finport.workflow.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.workflow.store.ImportRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshConfigTest {
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");

    private static ImportRecord ended(String requestHash, Outcome outcome) {
        return new ImportRecord(
                "imp-1",
                ImportType.UPDATE,
                ImportStatus.COMPLETED,
                null,
                1L,
                new ImportRecord.Request("caller", "user", null, null, false, requestHash, NOW),
                null,
                new ImportRecord.Progress(null, false, 1, null, null, null, null, true, null, null),
                new ImportRecord.Result(null, null, outcome, null, null, 1, NOW, null),
                null);
    }

    @Test
    void fromEnvironment_whenUnset_usesTheTemplateDefaults() {
        RefreshConfig c = RefreshConfig.fromEnvironment(Map.of());
        assertThat(c.window()).isEqualTo(Duration.ofHours(6));
        assertThat(c.maxConcurrency()).isEqualTo(20);
        assertThat(c.toleratedFailurePercentage()).isEqualTo(10);
        assertThat(c.muteSucceeded()).isFalse();
    }

    @Test
    void mutes_whenSwitchedOn_onlyTheSucceededImportsOfARefresh() {
        RefreshConfig muting = RefreshConfig.fromEnvironment(Map.of("REFRESH_MUTE_SUCCEEDED", "true"));
        RefreshConfig notMuting = RefreshConfig.fromEnvironment(Map.of());
        String byRefresh = RefreshItems.REQUEST_HASH_PREFIX + "ref-1";

        assertThat(muting.mutes(ended(byRefresh, Outcome.SUCCEEDED))).isTrue();
        assertThat(muting.mutes(ended(byRefresh, Outcome.FAILED))).isFalse();
        assertThat(muting.mutes(ended("a-caller's-request", Outcome.SUCCEEDED))).isFalse();
        assertThat(notMuting.mutes(ended(byRefresh, Outcome.SUCCEEDED))).isFalse();
    }
}
