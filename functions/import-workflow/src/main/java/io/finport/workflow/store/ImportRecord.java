package io.finport.workflow.store;

import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.finapi.TaskStatus;
import io.finport.finapi.WebFormStatus;
import java.time.Instant;
import java.util.List;

/**
 * The import record (pk IMPORT#id, sk META). Holds what the API shows and what the tasks need between steps;
 * it never holds an IBAN, a balance or a credential. Grouped by who writes what: the API writes the request, the
 * start step the web form or task, each status check the progress, the last step the result and the notifier the
 * notification.
 *
 * @param bankId the request's bank, replaced by the connection's bank once finAPI runs
 * @param bankConnectionId the request's connection (UPDATE, TRACK), or the one a web form imported (IMPORT)
 */
public record ImportRecord(
        String importId,
        ImportType type,
        ImportStatus status,
        Long bankId,
        Long bankConnectionId,
        Request request,
        WebFormAndTask webFormAndTask,
        Progress progress,
        Result result,
        Notification notification) {

    public ImportRecord {
        webFormAndTask = webFormAndTask == null ? WebFormAndTask.NONE : webFormAndTask;
        progress = progress == null ? Progress.NONE : progress;
        result = result == null ? Result.NONE : result;
        notification = notification == null ? Notification.NONE : notification;
    }

    /**
     * What the caller asked for.
     *
     * @param allowedInterfaces Web Form 2.0 {@code allowedInterfaces}; null = all
     * @param requestHash fingerprint of the request, to tell a replay from a reused Idempotency-Key
     */
    public record Request(
            String callerId,
            String userReference,
            String bankingInterface,
            List<String> allowedInterfaces,
            boolean importNewAccounts,
            String requestHash,
            Instant createdAt) {
        public Request {
            allowedInterfaces = allowedInterfaces == null ? null : List.copyOf(allowedInterfaces);
        }
    }

    /** The Web Form 2.0 form the end user fills in, and the background update task (UNLICENSED mode). */
    public record WebFormAndTask(
            String webFormId, String webFormUrl, WebFormStatus webFormStatus, String taskId, TaskStatus taskStatus) {
        static final WebFormAndTask NONE = new WebFormAndTask(null, null, null, null, null);
    }

    /**
     * What the status checks learnt.
     *
     * @param updateStatus finAPI's {@code updateStatus} as last seen (finAPI's spelling)
     * @param categorizationStatus finAPI's {@code categorizationStatus} as last seen
     * @param bankHistory observed finAPI durations (seconds) of this bank, read once at start for the poll policy
     * @param connectionHistory the same for this bank connection
     */
    public record Progress(
            Instant startedAt,
            boolean joinedRunningUpdate,
            int attempt,
            String updateStatus,
            String categorizationStatus,
            Instant lastCheckedAt,
            Long nextWaitSeconds,
            boolean accountsListed,
            List<Integer> bankHistory,
            List<Integer> connectionHistory) {
        static final Progress NONE = new Progress(null, false, 0, null, null, null, null, false, List.of(), List.of());

        public Progress {
            bankHistory = bankHistory == null ? List.of() : List.copyOf(bankHistory);
            connectionHistory = connectionHistory == null ? List.of() : List.copyOf(connectionHistory);
        }
    }

    /**
     * How the run ended.
     *
     * @param stopOutcome an outcome decided before classification (web form aborted, user action), applied when
     *     recorded
     * @param consentExpiresAt when the connection's XS2A consent expires (finAPI's aisConsent), as read at the end
     */
    public record Result(
            Outcome stopOutcome,
            String stopReason,
            Outcome outcome,
            List<String> warnings,
            String reason,
            Integer accountCount,
            Instant finishedAt,
            Instant consentExpiresAt) {
        static final Result NONE = new Result(null, null, null, List.of(), null, null, null, null);

        public Result {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /** The outcome message, once published. */
    public record Notification(Instant notifiedAt, String messageId) {
        static final Notification NONE = new Notification(null, null);
    }

    /** A new record as the API writes it. */
    public static ImportRecord pending(
            String importId, ImportType type, Long bankId, Long bankConnectionId, Request request) {
        return new ImportRecord(
                importId, type, ImportStatus.PENDING, bankId, bankConnectionId, request, null, null, null, null);
    }

    /** A new record of a caller's UPDATE that a refresh starts (no interface, no new accounts). */
    public static ImportRecord pendingUpdate(
            String importId,
            String callerId,
            String userReference,
            long bankConnectionId,
            String requestHash,
            Instant now) {
        return pending(
                importId,
                ImportType.UPDATE,
                null,
                bankConnectionId,
                new Request(callerId, userReference, null, null, false, requestHash, now));
    }

    public boolean isFinished() {
        return result.outcome() != null;
    }

    /** The outcome, or null while the run is not finished. */
    public Outcome outcome() {
        return result.outcome();
    }

    public String callerId() {
        return request.callerId();
    }

    public String userReference() {
        return request.userReference();
    }
}
