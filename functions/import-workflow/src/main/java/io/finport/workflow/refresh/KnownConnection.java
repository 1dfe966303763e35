package io.finport.workflow.refresh;

import java.time.Instant;
import java.util.List;

/**
 * A bank connection a caller is known to own, as recorded when its imports ended, with what the skip rules need.
 *
 * @param unattendedUpdates start times of the refresh-started (unattended) updates of the last days
 * @param consentExpiresAt  the XS2A consent's expiry when finAPI reported one
 */
public record KnownConnection(
        String callerId,
        String userReference,
        long bankConnectionId,
        String lastImportId,
        String lastOutcome,
        Instant lastFinishedAt,
        Instant lastSuccessAt,
        List<Instant> unattendedUpdates,
        Instant consentExpiresAt) {

    public KnownConnection {
        unattendedUpdates = List.copyOf(unattendedUpdates);
    }
}
