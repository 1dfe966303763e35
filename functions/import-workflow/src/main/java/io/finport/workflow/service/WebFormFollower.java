package io.finport.workflow.service;

import io.finport.domain.Outcome;
import io.finport.domain.poll.PollDecision;
import io.finport.domain.poll.PollHistory;
import io.finport.domain.poll.PollPolicy;
import io.finport.domain.poll.PollState;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.UserCredentials;
import io.finport.finapi.WebForm;
import io.finport.finapi.WebFormStatus;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.ImportStore.Progress;
import io.finport.workflow.task.TaskIo.PollResult;
import io.finport.workflow.tenant.ConnectionOwnership;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Follows a Web Form 2.0 form the user has to fill in: the import form of an IMPORT, or the form a background update
 * task hands out (WEB_FORM_REQUIRED). Completed: the connection's download is followed from then on. Aborted or
 * expired: the user must act. Completed with error: FAILED, or USER_ACTION_REQUIRED when the user can retry.
 */
final class WebFormFollower {
    private static final StructuredLog LOG = StructuredLog.of(WebFormFollower.class);

    private final ImportStore store;
    private final FinapiClient finapi;
    private final ConnectionOwnership ownership;
    private final PollPolicy pollPolicy;
    private final WorkflowConfig config;

    WebFormFollower(
            ImportStore store,
            FinapiClient finapi,
            ConnectionOwnership ownership,
            PollPolicy pollPolicy,
            WorkflowConfig config) {
        this.store = store;
        this.finapi = finapi;
        this.ownership = ownership;
        this.pollPolicy = pollPolicy;
        this.config = config;
    }

    PollResult check(ImportRecord record, UserCredentials user, int attempt, Instant now, String requestId) {
        WebForm form = finapi.getWebForm(user, record.webFormId(), requestId);
        WebFormStatus status = WebFormStatus.parse(form.status());
        Duration elapsed = Duration.between(record.createdAt(), now);
        if (status == WebFormStatus.COMPLETED) {
            Long connectionId = form.payload() == null ? null : form.payload().bankConnectionId();
            if (connectionId == null) {
                return stop(
                        record,
                        attempt,
                        now,
                        form.status(),
                        Outcome.FAILED,
                        "web form completed without a bank connection");
            }
            List<Integer> bankHistory =
                    record.bankId() == null ? List.of() : store.pollHistory(ImportService.bankScope(record.bankId()));
            List<Integer> connectionHistory = record.bankConnectionId() == null
                    ? List.of()
                    : store.pollHistory(ImportService.connectionScope(connectionId));
            if (record.taskId() == null) {
                ownership.recordImported(record, connectionId, user); // an update's connection is the caller's already
            }
            store.markStarted(
                    record.importId(), connectionId, record.bankId(), now, false, bankHistory, connectionHistory);
            PollDecision decision = pollPolicy.next(new PollState(
                    1,
                    Duration.ZERO,
                    config.pollDeadline(),
                    new PollHistory(connectionHistory),
                    new PollHistory(bankHistory)));
            store.recordProgress(
                    record.importId(),
                    new Progress(attempt, now, decision.waitSeconds(), "IN_PROGRESS", null, null, form.status()));
            LOG.info("web form completed", "bankConnectionId", connectionId);
            return new PollResult(ImportService.WAITING, attempt, decision.waitSeconds());
        }
        if (status == WebFormStatus.ABORTED || status == WebFormStatus.EXPIRED) {
            String what = record.taskId() == null
                    ? "before the bank connection was imported"
                    : "before the bank connection was updated";
            return stop(
                    record,
                    attempt,
                    now,
                    form.status(),
                    Outcome.USER_ACTION_REQUIRED,
                    "web form " + status.name().toLowerCase().replace('_', ' ') + " " + what);
        }
        if (status == WebFormStatus.COMPLETED_WITH_ERROR) {
            String code = form.payload() == null || form.payload().errorCode() == null
                    ? "UNKNOWN"
                    : form.payload().errorCode();
            Outcome outcome = "INVALID_TOKEN".equals(code) || "INTERRUPTED".equals(code)
                    ? Outcome.USER_ACTION_REQUIRED
                    : Outcome.FAILED;
            return stop(
                    record,
                    attempt,
                    now,
                    form.status(),
                    outcome,
                    "web form completed with error " + ImportService.safeCode(code));
        }
        // The user may take minutes: back off like the status checks do (no history: capped exponential).
        PollDecision decision = backOff(attempt, elapsed);
        String state = decision.deadlineReached() ? ImportService.TIMED_OUT : ImportService.WAITING;
        long wait = decision.deadlineReached() ? 0 : decision.waitSeconds();
        store.recordProgress(
                record.importId(), new Progress(attempt, now, wait, "WAITING_FOR_USER", null, null, form.status()));
        return new PollResult(state, attempt, wait);
    }

    /** Capped exponential back-off without history, bounded by the deadline. */
    PollDecision backOff(int attempt, Duration elapsed) {
        return pollPolicy.next(
                new PollState(attempt + 1, elapsed, config.pollDeadline(), PollHistory.empty(), PollHistory.empty()));
    }

    /** Ends the run before any download: the outcome is decided now and applied when the outcome is recorded. */
    PollResult stop(
            ImportRecord record, int attempt, Instant now, String webFormStatus, Outcome outcome, String reason) {
        store.markStopped(record.importId(), outcome.name(), reason);
        store.recordProgress(
                record.importId(), new Progress(attempt, now, 0, record.status(), null, null, webFormStatus));
        LOG.info("import stopped before download", "outcome", outcome.name());
        return new PollResult(ImportService.STOPPED, attempt, 0);
    }
}
