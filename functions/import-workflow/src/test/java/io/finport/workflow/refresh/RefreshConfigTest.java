package io.finport.workflow.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.workflow.store.ImportRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshConfigTest {
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");

    private static ImportRecord ended(String requestHash, String outcome) {
        ImportRecord r =
                ImportRecord.pending("imp-1", "UPDATE", "caller", "user", null, 1L, null, false, requestHash, NOW);
        return new ImportRecord(
                r.importId(),
                r.type(),
                "COMPLETED",
                r.callerId(),
                r.userReference(),
                r.bankId(),
                r.bankConnectionId(),
                r.bankingInterface(),
                r.importNewAccounts(),
                r.requestHash(),
                null,
                null,
                null,
                r.createdAt(),
                null,
                false,
                1,
                null,
                null,
                null,
                null,
                true,
                null,
                null,
                outcome,
                r.warnings(),
                null,
                1,
                NOW,
                null,
                null,
                r.bankHistory(),
                r.connectionHistory());
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

        assertThat(muting.mutes(ended(byRefresh, "SUCCEEDED"))).isTrue();
        assertThat(muting.mutes(ended(byRefresh, "FAILED"))).isFalse();
        assertThat(muting.mutes(ended("a-caller's-request", "SUCCEEDED"))).isFalse();
        assertThat(notMuting.mutes(ended(byRefresh, "SUCCEEDED"))).isFalse();
    }
}
