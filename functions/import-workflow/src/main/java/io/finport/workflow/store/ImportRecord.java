package io.finport.workflow.store;

import java.time.Instant;
import java.util.List;

/**
 * The import record (pk IMPORT#id, sk META). Holds what the API shows and what the tasks need between steps;
 * it never holds an IBAN, a balance or a credential.
 *
 * @param status PENDING, WAITING_FOR_USER (web form open), IN_PROGRESS (finAPI downloading), CATEGORIZING, COMPLETED
 * @param stopOutcome an outcome decided before classification (web form aborted, user action), applied when recorded
 * @param bankHistory observed finAPI durations (seconds) of this bank, read once at start for the poll policy
 * @param connectionHistory the same for this bank connection
 */
public record ImportRecord(
        String importId,
        String type,
        String status,
        String callerId,
        String userReference,
        Long bankId,
        Long bankConnectionId,
        String bankingInterface,
        boolean importNewAccounts,
        String requestHash,
        String webFormId,
        String webFormUrl,
        String webFormStatus,
        Instant createdAt,
        Instant startedAt,
        boolean joinedRunningUpdate,
        int attempt,
        String updateStatus,
        String categorizationStatus,
        Instant lastCheckedAt,
        Long nextWaitSeconds,
        boolean accountsListed,
        String stopOutcome,
        String stopReason,
        String outcome,
        List<String> warnings,
        String reason,
        Integer accountCount,
        Instant finishedAt,
        Instant notifiedAt,
        String notificationMessageId,
        List<Integer> bankHistory,
        List<Integer> connectionHistory) {

    /** A new record as the API writes it. */
    public static ImportRecord pending(String importId, String type, String callerId, String userReference,
                                       Long bankId, Long bankConnectionId, String bankingInterface,
                                       boolean importNewAccounts, String requestHash, Instant now) {
        return new ImportRecord(importId, type, "PENDING", callerId, userReference, bankId, bankConnectionId,
                bankingInterface, importNewAccounts, requestHash, null, null, null, now, null, false, 0, null, null,
                null, null, false, null, null, null, List.of(), null, null, null, null, null, List.of(), List.of());
    }

    public boolean isFinished() {
        return outcome != null;
    }
}
