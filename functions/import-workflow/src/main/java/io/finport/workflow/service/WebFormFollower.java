package io.finport.workflow.service;

import io.finport.domain.ImportStatus;
import io.finport.domain.Outcome;
import io.finport.domain.poll.PollHistory;
import io.finport.domain.poll.PollLoop;
import io.finport.domain.poll.PollLoop.Step;
import io.finport.domain.poll.PollLoopState;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.UserCredentials;
import io.finport.finapi.WebForm;
import io.finport.finapi.WebFormStatus;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.store.StatusCheck;
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
    private final PollHistories histories;
    private final FinapiClient finapi;
    private final ConnectionOwnership ownership;
    private final PollLoop loop;
    private final CallbackWait callbackWait;

    WebFormFollower(
            ImportStore store,
            PollHistories histories,
            FinapiClient finapi,
            ConnectionOwnership ownership,
            PollLoop loop,
            CallbackWait callbackWait) {
        this.callbackWait = callbackWait;
        this.store = store;
        this.histories = histories;
        this.finapi = finapi;
        this.ownership = ownership;
        this.loop = loop;
    }

    PollResult check(ImportRecord record, UserCredentials user, int attempt, Instant now, String requestId) {
        WebForm form = finapi.getWebForm(user, record.webFormAndTask().webFormId(), requestId);
        WebFormStatus status = WebFormStatus.parse(form.status());
        if (status == WebFormStatus.COMPLETED) {
            Long connectionId = form.payload() == null ? null : form.payload().bankConnectionId();
            if (connectionId == null) {
                return stop(
                        record, attempt, now, status, Outcome.FAILED, "web form completed without a bank connection");
            }
            List<Integer> bankHistory = histories.ofBank(record.bankId());
            // An import's connection is new: no history yet.
            List<Integer> connectionHistory =
                    record.bankConnectionId() == null ? List.of() : histories.ofConnection(connectionId);
            if (record.webFormAndTask().taskId() == null) {
                ownership.recordImported(record, connectionId, user); // an update's connection is the caller's already
            }
            store.markStarted(
                    record.importId(), connectionId, record.bankId(), now, false, bankHistory, connectionHistory);
            Step step = loop.started(new PollHistory(connectionHistory), new PollHistory(bankHistory));
            store.recordProgress(
                    record.importId(),
                    new StatusCheck(
                            attempt, now, step.nextWaitSeconds(), ImportStatus.IN_PROGRESS, null, null, status));
            LOG.info("web form completed", "bankConnectionId", connectionId);
            return ImportService.result(step, attempt);
        }
        if (status == WebFormStatus.ABORTED || status == WebFormStatus.EXPIRED) {
            String what = record.webFormAndTask().taskId() == null
                    ? "before the bank connection was imported"
                    : "before the bank connection was updated";
            return stop(
                    record,
                    attempt,
                    now,
                    status,
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
                    status,
                    outcome,
                    "web form completed with error " + FinapiMapping.safeCode(code));
        }
        // The user may take minutes: back off like the status checks do (no history: capped exponential).
        return waiting(record, attempt, now, ImportStatus.WAITING_FOR_USER, status);
    }

    /**
     * Another wait for the user or finAPI's task: for finAPI's callback (at most the fallback wait) when callbacks are
     * on, else capped back-off without history; bounded by the deadline either way.
     */
    PollResult waiting(
            ImportRecord record, int attempt, Instant now, ImportStatus status, WebFormStatus webFormStatus) {
        Duration elapsed = Duration.between(record.request().createdAt(), now);
        Step step = callbackWait.orPoll(loop.whileWaiting(attempt, elapsed), elapsed);
        store.recordProgress(
                record.importId(),
                new StatusCheck(attempt, now, step.nextWaitSeconds(), status, null, null, webFormStatus));
        return ImportService.result(step, attempt);
    }

    /** The first wait after a web form or task was created: for the callback when callbacks are on. */
    PollResult created(long pollWaitSeconds) {
        return ImportService.result(
                callbackWait.orPoll(new Step(PollLoopState.WAITING, pollWaitSeconds), Duration.ZERO), 0);
    }

    /** Ends the run before any download: the outcome is decided now and applied when the outcome is recorded. */
    PollResult stop(
            ImportRecord record,
            int attempt,
            Instant now,
            WebFormStatus webFormStatus,
            Outcome outcome,
            String reason) {
        store.markStopped(record.importId(), outcome, reason);
        store.recordProgress(
                record.importId(), new StatusCheck(attempt, now, 0, record.status(), null, null, webFormStatus));
        LOG.info("import stopped before download", "outcome", outcome.name());
        return ImportService.result(Step.stopped(), attempt);
    }
}
