package io.finport.workflow.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkipRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private final SkipRules rules = new SkipRules(Duration.ofHours(6));

    private static KnownConnection connection(
            String lastOutcome, Instant lastSuccess, List<Instant> unattended, Instant consent) {
        return new KnownConnection(
                "caller",
                "user-1",
                100001L,
                "imp-1",
                lastOutcome,
                NOW.minus(Duration.ofDays(1)),
                lastSuccess,
                unattended,
                consent);
    }

    @Test
    void check_whenNothingStandsInTheWay_runsTheUpdate() {
        assertThat(rules.check(connection("SUCCEEDED", NOW.minus(Duration.ofHours(7)), List.of(), null), false, NOW))
                .isEmpty();
        assertThat(rules.check(connection("FAILED", null, List.of(), NOW.plusSeconds(1)), false, NOW))
                .isEmpty();
    }

    @Test
    void check_whenLastSuccessIsInsideTheWindow_skipsAsRefreshedRecently() {
        assertThat(rules.check(
                        connection("SUCCEEDED", NOW.minus(Duration.ofHours(6)).plusSeconds(1), List.of(), null),
                        false,
                        NOW))
                .contains(SkipReason.REFRESHED_RECENTLY);
        assertThat(rules.check(connection("SUCCEEDED", NOW.minus(Duration.ofHours(6)), List.of(), null), false, NOW))
                .isEmpty();
    }

    @Test
    void check_whenFourUnattendedUpdatesFallInTheLast24Hours_skipsForPsd2() {
        List<Instant> four = List.of(
                NOW.minus(Duration.ofHours(23)),
                NOW.minus(Duration.ofHours(12)),
                NOW.minus(Duration.ofHours(6)),
                NOW.minus(Duration.ofHours(1)));
        assertThat(rules.check(connection("FAILED", null, four, null), false, NOW))
                .contains(SkipReason.UNATTENDED_LIMIT);

        List<Instant> oneOutsideTheDay = List.of(
                NOW.minus(Duration.ofHours(25)),
                NOW.minus(Duration.ofHours(12)),
                NOW.minus(Duration.ofHours(6)),
                NOW.minus(Duration.ofHours(1)));
        assertThat(rules.check(connection("FAILED", null, oneOutsideTheDay, null), false, NOW))
                .isEmpty();
    }

    @Test
    void check_whenTheUserMustAct_skipsBeforeAnyOtherReason() {
        List<Instant> four = List.of(NOW, NOW, NOW, NOW);
        assertThat(rules.check(connection("USER_ACTION_REQUIRED", NOW, four, null), true, NOW))
                .contains(SkipReason.USER_ACTION_REQUIRED);
        assertThat(rules.check(connection("USER_ACTION_REQUIRED", NOW, four, NOW), true, NOW))
                .as("an expired consent is the first reason")
                .contains(SkipReason.CONSENT_EXPIRED);
    }

    @Test
    void check_whenOnlyALockStandsInTheWay_skipsAsLocked() {
        assertThat(rules.check(connection("SUCCEEDED", NOW.minus(Duration.ofDays(1)), List.of(), null), true, NOW))
                .contains(SkipReason.LOCKED);
    }
}
