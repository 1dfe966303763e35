package io.finport.workflow.service;

import io.finport.domain.ImportStatus;
import io.finport.domain.Outcome;
import io.finport.domain.poll.PollLoop;
import io.finport.finapi.BackgroundUpdateRequest;
import io.finport.finapi.FinapiTasks;
import io.finport.finapi.PsuMetadata;
import io.finport.finapi.Task;
import io.finport.finapi.TaskStatus;
import io.finport.finapi.UserCredentials;
import io.finport.finapi.WebFormStatus;
import io.finport.workflow.callback.CallbackUrls;
import io.finport.workflow.callback.FinapiCallbacks;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.task.TaskIo.PollResult;
import java.time.Instant;
import java.util.Optional;

/**
 * UPDATE for mandators without their own PSD2 licence: Web Form 2.0's background update task. Start creates the
 * task; each status check polls it until it is final, inside the state machine's usual Wait/Check loop:
 * {@code NOT_YET_STARTED}/{@code IN_PROGRESS} wait; {@code COMPLETED} hands over to the connection's download;
 * {@code WEB_FORM_REQUIRED} stores the task's web form (the user's link) and follows it like an import's;
 * {@code COMPLETED_WITH_ERROR} ends the run with finAPI's error code as the reason.
 */
final class BackgroundUpdates {
    private static final StructuredLog LOG = StructuredLog.of(BackgroundUpdates.class);

    private final ImportStore store;
    private final PollHistories histories;
    private final FinapiTasks tasks;
    private final WebFormFollower webForms;
    private final PollLoop loop;
    private final WorkflowConfig config;
    private final FinapiCallbacks callbacks;

    BackgroundUpdates(
            ImportStore store,
            PollHistories histories,
            FinapiTasks tasks,
            WebFormFollower webForms,
            PollLoop loop,
            WorkflowConfig config,
            FinapiCallbacks callbacks) {
        this.callbacks = callbacks;
        this.store = store;
        this.histories = histories;
        this.tasks = tasks;
        this.webForms = webForms;
        this.loop = loop;
        this.config = config;
    }

    /**
     * Creates the task. A {@link io.finport.finapi.BankConnectionLockedException} (423: an update already runs)
     * reaches the caller, which joins that update as on the Access path.
     */
    PollResult start(ImportRecord record, UserCredentials user, PsuMetadata psu, String requestId) {
        CallbackUrls urls = callbacks.forTask(record.importId()).orElse(null);
        Task task = tasks.startBackgroundUpdate(
                user,
                new BackgroundUpdateRequest(
                        record.bankConnectionId(),
                        record.request().importNewAccounts() ? "CONDITIONAL" : null,
                        ImportService.allowedInterfaces(record),
                        urls == null ? null : urls.finalised().toString(),
                        urls == null ? null : urls.webFormRequired().toString(),
                        psu),
                requestId);
        store.markTaskCreated(record.importId(), task.id(), TaskStatus.parse(task.status()));
        LOG.info("background update task created", "taskId", task.id(), "taskStatus", task.status());
        return webForms.created(config.pollMinWait().toSeconds());
    }

    /**
     * One status check while the task is not resolved. Empty: the task COMPLETED and the connection's download is
     * followed from now on (the record is marked started); otherwise the result for the state machine.
     */
    Optional<PollResult> check(ImportRecord record, UserCredentials user, int attempt, Instant now, String requestId) {
        if (record.webFormAndTask().webFormId() != null) {
            return Optional.of(webForms.check(record, user, attempt, now, requestId));
        }
        String taskId = record.webFormAndTask().taskId();
        Task task = tasks.getTask(user, taskId, requestId);
        TaskStatus status = TaskStatus.parse(task.status());
        store.recordTaskStatus(record.importId(), status);
        switch (status) {
            case COMPLETED -> {
                store.markStarted(
                        record.importId(),
                        record.bankConnectionId(),
                        record.bankId(),
                        now,
                        false,
                        histories.ofBank(record.bankId()),
                        histories.ofConnection(record.bankConnectionId()));
                LOG.info("background update task completed", "taskId", taskId);
                return Optional.empty();
            }
            case WEB_FORM_REQUIRED -> {
                Task.WebFormInfo form =
                        task.payload() == null ? null : task.payload().webForm();
                if (form == null || form.id() == null || form.url() == null) {
                    return Optional.of(webForms.stop(
                            record,
                            attempt,
                            now,
                            null,
                            Outcome.FAILED,
                            "finAPI background update needs a web form but gave none"));
                }
                WebFormStatus formStatus = WebFormStatus.parse(form.status());
                store.markWebFormCreated(record.importId(), form.id(), form.url(), formStatus);
                LOG.info("background update needs the user", "taskId", taskId, "webFormId", form.id());
                return Optional.of(webForms.waiting(record, attempt, now, ImportStatus.WAITING_FOR_USER, formStatus));
            }
            case COMPLETED_WITH_ERROR -> {
                String code = task.payload() == null ? null : task.payload().errorCode();
                return Optional.of(webForms.stop(
                        record,
                        attempt,
                        now,
                        null,
                        outcomeOf(code),
                        "finAPI background update completed with error " + FinapiMapping.safeCode(code)));
            }
            default -> {
                return Optional.of(webForms.waiting(record, attempt, now, ImportStatus.IN_PROGRESS, null));
            }
        }
    }

    /**
     * finAPI's task error codes: BANK_SERVER_REJECTION (the bank ended the flow), INVALID_TOKEN, UNEXPECTED_ACCESS_RESPONSE,
     * INTERNAL_ERROR. None of them is fixed by the user alone, so all are FAILED, as BANK_SERVER_REJECTION is on the
     * Access path; a code that says the user must act (WEB_FORM_REQUIRED, INVALID_CONSENT) is USER_ACTION_REQUIRED.
     */
    static Outcome outcomeOf(String errorCode) {
        return "WEB_FORM_REQUIRED".equals(errorCode) || "INVALID_CONSENT".equals(errorCode)
                ? Outcome.USER_ACTION_REQUIRED
                : Outcome.FAILED;
    }
}
