package io.finport.workflow.refresh;

import io.finport.domain.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, from our own records only, whether a refresh should leave a connection alone. Checked in this order, so
 * each skipped connection is counted under one reason: the user must act (consent expired, user action required),
 * then PSD2's unattended-access budget, then freshness, then the running-import lock.
 */
public final class SkipRules {
    /** PSD2 (RTS Art. 36(5)): at most 4 accesses without the user per account and 24 hours. */
    public static final int UNATTENDED_LIMIT = 4;

    public static final Duration UNATTENDED_PERIOD = Duration.ofHours(24);

    private final Duration refreshWindow;

    public SkipRules(Duration refreshWindow) {
        this.refreshWindow = refreshWindow;
    }

    /**
     * @param locked whether a running import holds the connection now
     */
    public Optional<SkipReason> check(KnownConnection c, boolean locked, Instant now) {
        if (c.consentExpiresAt() != null && !c.consentExpiresAt().isAfter(now))
            return Optional.of(SkipReason.CONSENT_EXPIRED);
        if (Outcome.USER_ACTION_REQUIRED.name().equals(c.lastOutcome())) {
            return Optional.of(SkipReason.USER_ACTION_REQUIRED);
        }
        if (unattendedInLastPeriod(c, now) >= UNATTENDED_LIMIT) return Optional.of(SkipReason.UNATTENDED_LIMIT);
        if (c.lastSuccessAt() != null && c.lastSuccessAt().isAfter(now.minus(refreshWindow))) {
            return Optional.of(SkipReason.REFRESHED_RECENTLY);
        }
        if (locked) return Optional.of(SkipReason.LOCKED);
        return Optional.empty();
    }

    static long unattendedInLastPeriod(KnownConnection c, Instant now) {
        Instant since = now.minus(UNATTENDED_PERIOD);
        return c.unattendedUpdates().stream().filter(t -> t.isAfter(since)).count();
    }
}
