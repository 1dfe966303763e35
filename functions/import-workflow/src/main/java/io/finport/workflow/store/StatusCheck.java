package io.finport.workflow.store;

import io.finport.domain.ImportStatus;
import io.finport.finapi.WebFormStatus;
import java.time.Instant;

/** What one status check learnt (see {@link ImportStore#recordProgress}). */
public record StatusCheck(
        int attempt,
        Instant checkedAt,
        long nextWaitSeconds,
        ImportStatus status,
        String updateStatus,
        String categorizationStatus,
        WebFormStatus webFormStatus) {}
