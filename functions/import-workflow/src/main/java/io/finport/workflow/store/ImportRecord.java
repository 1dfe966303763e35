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
        List<Integer> connectionHistory,
        List<String> allowedInterfaces,
        String taskId,
        String taskStatus) {

    /** A record without the fields added for Web Form 2.0 tasks (interfaces restriction, task id and status). */
    public ImportRecord(String importId, String type, String status, String callerId, String userReference,
                        Long bankId, Long bankConnectionId, String bankingInterface, boolean importNewAccounts,
                        String requestHash, String webFormId, String webFormUrl, String webFormStatus,
                        Instant createdAt, Instant startedAt, boolean joinedRunningUpdate, int attempt,
                        String updateStatus, String categorizationStatus, Instant lastCheckedAt, Long nextWaitSeconds,
                        boolean accountsListed, String stopOutcome, String stopReason, String outcome,
                        List<String> warnings, String reason, Integer accountCount, Instant finishedAt,
                        Instant notifiedAt, String notificationMessageId, List<Integer> bankHistory,
                        List<Integer> connectionHistory) {
        this(importId, type, status, callerId, userReference, bankId, bankConnectionId, bankingInterface,
                importNewAccounts, requestHash, webFormId, webFormUrl, webFormStatus, createdAt, startedAt,
                joinedRunningUpdate, attempt, updateStatus, categorizationStatus, lastCheckedAt, nextWaitSeconds,
                accountsListed, stopOutcome, stopReason, outcome, warnings, reason, accountCount, finishedAt,
                notifiedAt, notificationMessageId, bankHistory, connectionHistory, null, null, null);
    }

    /** A new record as the API writes it. */
    public static ImportRecord pending(String importId, String type, String callerId, String userReference,
                                       Long bankId, Long bankConnectionId, String bankingInterface,
                                       boolean importNewAccounts, String requestHash, Instant now) {
        return new ImportRecord(importId, type, "PENDING", callerId, userReference, bankId, bankConnectionId,
                bankingInterface, importNewAccounts, requestHash, null, null, null, now, null, false, 0, null, null,
                null, null, false, null, null, null, List.of(), null, null, null, null, null, List.of(), List.of());
    }

    /** The same record restricted to these interfaces (Web Form 2.0 {@code allowedInterfaces}); null = all. */
    public ImportRecord withAllowedInterfaces(List<String> interfaces) {
        return new ImportRecord(importId, type, status, callerId, userReference, bankId, bankConnectionId,
                bankingInterface, importNewAccounts, requestHash, webFormId, webFormUrl, webFormStatus, createdAt,
                startedAt, joinedRunningUpdate, attempt, updateStatus, categorizationStatus, lastCheckedAt,
                nextWaitSeconds, accountsListed, stopOutcome, stopReason, outcome, warnings, reason, accountCount,
                finishedAt, notifiedAt, notificationMessageId, bankHistory, connectionHistory,
                interfaces == null ? null : List.copyOf(interfaces), taskId, taskStatus);
    }

    public boolean isFinished() {
        return outcome != null;
    }
}
