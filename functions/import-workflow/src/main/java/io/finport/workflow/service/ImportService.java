package io.finport.workflow.service;

import io.finport.domain.Classification;
import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.domain.OutcomeClassifier;
import io.finport.domain.Warning;
import io.finport.domain.poll.PollHistory;
import io.finport.domain.poll.PollLoop;
import io.finport.domain.poll.PollLoop.Step;
import io.finport.domain.poll.PollLoopState;
import io.finport.domain.poll.PollPolicy;
import io.finport.finapi.Account;
import io.finport.finapi.BankConnection;
import io.finport.finapi.CategorizationStatus;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiTasks;
import io.finport.finapi.UpdateStatus;
import io.finport.finapi.UserCredentials;
import io.finport.workflow.callback.FinapiCallbacks;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.AccountItem;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.ImportStore.ImportView;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.store.StatusCheck;
import io.finport.workflow.task.TaskIo.PollResult;
import io.finport.workflow.tenant.ConnectionOwnership;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The workflow's steps as plain Java: start the import/update, check its status, record the outcome.
 * Every step reads the import record first and is safe to run again (Step Functions retries and redrives).
 */
public class ImportService {
    private static final StructuredLog LOG = StructuredLog.of(ImportService.class);

    private final ImportStore store;
    private final PollHistories histories;
    private final ConnectionLocks locks;
    private final FinapiClient finapi;
    private final FinapiUsers users;
    private final ConnectionOwnership ownership;
    private final PollLoop loop;
    private final OutcomeClassifier classifier;
    private final WorkflowConfig config;
    private final Clock clock;
    private final WebFormFollower webForms;
    private final BackgroundUpdates backgroundUpdates;
    private final ImportStarter starter;

    /** With a {@link PsuVault}, an UPDATE sends the end user's device details the API kept sealed (null: never). */
    /**
     * With {@link FinapiCallbacks} on, web forms and tasks register callback URLs and their runs wait for the call;
     * {@link FinapiCallbacks#off()} polls them.
     */
    public ImportService(
            ImportStore store,
            PollHistories histories,
            ConnectionLocks locks,
            FinapiClient finapi,
            FinapiUsers users,
            ConnectionOwnership ownership,
            PollPolicy pollPolicy,
            OutcomeClassifier classifier,
            WorkflowConfig config,
            Clock clock,
            PsuVault psuVault,
            FinapiCallbacks callbacks) {
        this.store = store;
        this.histories = histories;
        this.locks = locks;
        this.finapi = finapi;
        this.users = users;
        this.ownership = ownership;
        this.loop = new PollLoop(pollPolicy, config.pollDeadline(), config.waitForCategorization());
        this.classifier = classifier;
        this.config = config;
        this.clock = clock;
        this.webForms = new WebFormFollower(
                store, histories, finapi, ownership, loop, new CallbackWait(callbacks, config.pollDeadline()));
        this.backgroundUpdates =
                new BackgroundUpdates(store, histories, new FinapiTasks(finapi), webForms, loop, config, callbacks);
        this.starter = new ImportStarter(
                store,
                histories,
                finapi,
                users,
                ownership,
                loop,
                config,
                clock,
                webForms,
                backgroundUpdates,
                psuVault,
                callbacks);
    }

    public PollResult start(String importId) {
        return starter.start(importId);
    }

    // ---- Check status --------------------------------------------------------------------------------------

    public PollResult check(String importId, int attempt) {
        ImportRecord record = store.get(importId);
        if (record.isFinished() || record.result().stopOutcome() != null) {
            return result(Step.stopped(), attempt);
        }
        String requestId = requestId(importId, "check", attempt);
        UserCredentials user = users.credentialsFor(record.callerId(), record.userReference(), requestId);
        Instant now = clock.instant();
        if (record.bankConnectionId() == null) {
            return webForms.check(record, user, attempt, now, requestId);
        }
        if (record.webFormAndTask().taskId() != null && record.progress().startedAt() == null) {
            Optional<PollResult> pending = backgroundUpdates.check(record, user, attempt, now, requestId);
            if (pending.isPresent()) return pending.get();
            record = store.get(importId); // the task completed: follow the connection's download from here
        }
        BankConnection connection = finapi.getBankConnection(user, record.bankConnectionId(), requestId);
        boolean downloadDone = UpdateStatus.parse(connection.updateStatus()) == UpdateStatus.READY;
        if (downloadDone && UpdateStatus.parse(record.progress().updateStatus()) != UpdateStatus.READY) {
            learn(record, now, FinapiMapping.reportedUpdateEnd(connection));
        }
        if (!downloadDone
                && !record.progress().accountsListed()
                && !connection.accountIds().isEmpty()) {
            listAccountsEarly(record, user, connection, requestId);
        }
        Step step = loop.afterCheck(
                attempt,
                Duration.between(record.progress().startedAt(), now),
                downloadDone,
                CategorizationStatus.parse(connection.categorizationStatus()) == CategorizationStatus.READY,
                new PollHistory(record.progress().connectionHistory()),
                new PollHistory(record.progress().bankHistory()));
        store.recordProgress(
                record.importId(),
                new StatusCheck(
                        attempt,
                        now,
                        step.nextWaitSeconds(),
                        step.state() == PollLoopState.CATEGORIZING
                                ? ImportStatus.CATEGORIZING
                                : ImportStatus.IN_PROGRESS,
                        connection.updateStatus(),
                        connection.categorizationStatus(),
                        null));
        LOG.info(
                "status checked",
                "attempt",
                attempt,
                "updateStatus",
                connection.updateStatus(),
                "categorizationStatus",
                connection.categorizationStatus(),
                "state",
                step.state().name(),
                "nextWaitSeconds",
                step.nextWaitSeconds());
        return result(step, attempt);
    }

    /** Shows the accounts while finAPI still downloads them, marked as downloading (finAPI's own advice). */
    private void listAccountsEarly(
            ImportRecord record, UserCredentials user, BankConnection connection, String requestId) {
        List<Account> accounts = finapi.getAccounts(user, connection.accountIds(), requestId);
        store.putAccounts(record.importId(), FinapiMapping.downloadingItems(accounts));
        store.markAccountsListed(record.importId());
    }

    /**
     * Records the observed duration so later imports of this bank and connection poll closer to the finish: finAPI's
     * reported end of the update where it is plausible, else the midpoint between the last two checks.
     */
    private void learn(ImportRecord record, Instant readyAt, Instant reportedEnd) {
        Instant startedAt = record.progress().startedAt();
        // A joined or tracked run started before we saw it, so its duration is unknown: learning it would skew.
        if (startedAt == null || record.progress().joinedRunningUpdate()) return;
        Instant lastChecked = record.progress().lastCheckedAt();
        Instant lastPending = lastChecked != null && lastChecked.isAfter(startedAt) ? lastChecked : startedAt;
        histories.learn(
                record.bankId(),
                record.bankConnectionId(),
                PollHistory.observedDuration(
                        Duration.between(startedAt, lastPending),
                        Duration.between(startedAt, readyAt),
                        reportedEnd == null ? null : Duration.between(startedAt, reportedEnd)));
    }

    // ---- Fetch accounts and record outcome ----------------------------------------------------------------

    /**
     * The outcome of an import, and, when this call recorded it, the import as it now stands (the stored record and
     * the account items just written), so the delivery need not read back what was just written.
     */
    public record Recorded(Outcome outcome, Optional<ImportView> written) {}

    public Outcome recordOutcome(String importId, PollLoopState state) {
        return recordOutcome(importId, state, false).outcome();
    }

    /** As {@link #recordOutcome}, keeping what it wrote for the delivery that follows (no read back). */
    public Recorded recordOutcomeKeepingView(String importId, PollLoopState state) {
        return recordOutcome(importId, state, true);
    }

    private Recorded recordOutcome(String importId, PollLoopState state, boolean keepView) {
        ImportRecord record = store.get(importId);
        if (record.isFinished()) {
            return new Recorded(record.outcome(), Optional.empty());
        }
        Classification classification;
        List<AccountItem> items = List.of();
        Instant consentExpiresAt = null;
        ImportRecord.Result result = record.result();
        if (result.stopOutcome() != null) {
            classification = result.stopOutcome() == Outcome.USER_ACTION_REQUIRED
                    ? Classification.userActionRequired(result.stopReason())
                    : Classification.failed(result.stopReason());
        } else if (record.bankConnectionId() == null) {
            classification = Classification.timedOut("the web form was not completed within "
                    + config.pollDeadline().toSeconds() + " s");
        } else {
            String requestId = requestId(importId, "record", 0);
            UserCredentials user = users.credentialsFor(record.callerId(), record.userReference(), requestId);
            BankConnection connection = finapi.getBankConnection(user, record.bankConnectionId(), requestId);
            consentExpiresAt = FinapiMapping.consentExpiry(connection);
            List<Account> accounts = finapi.getAccounts(user, connection.accountIds(), requestId);
            Classification classified = classifier.classify(
                    record.type(),
                    FinapiMapping.snapshot(connection, record.request().bankingInterface()),
                    accounts.stream().map(FinapiMapping::snapshot).toList(),
                    config.waitForCategorization());
            classification = state == PollLoopState.TIMED_OUT
                    ? new Classification(
                            Outcome.TIMED_OUT,
                            classified.warnings(),
                            classified.accounts(),
                            "finAPI did not finish within "
                                    + config.pollDeadline().toSeconds() + " s (updateStatus "
                                    + FinapiMapping.safeCode(connection.updateStatus()) + ")")
                    : classified;
            items = FinapiMapping.classifiedItems(accounts, classification.accounts());
            store.putAccounts(importId, items);
        }
        List<String> warnings =
                classification.warnings().stream().map(Warning::name).toList();
        Optional<ImportRecord> stored = store.recordOutcomeAndGet(
                importId,
                classification.outcome(),
                warnings,
                classification.reason(),
                items.size(),
                clock.instant(),
                consentExpiresAt);
        releaseLock(record);
        LOG.info(
                "outcome recorded",
                "outcome",
                classification.outcome().name(),
                "warnings",
                String.join(",", warnings),
                "accounts",
                items.size(),
                "firstWrite",
                stored.isPresent());
        if (stored.isEmpty()) return new Recorded(store.get(importId).outcome(), Optional.empty());
        if (!keepView) return new Recorded(classification.outcome(), Optional.empty());
        // In the order a read of the import returns them (by account id).
        List<AccountItem> written = items.stream()
                .sorted(Comparator.comparingLong(AccountItem::accountId))
                .toList();
        return new Recorded(classification.outcome(), Optional.of(new ImportView(stored.get(), written)));
    }

    /** Records the outcome of a run that ended in an error; see {@link FailureClassifier}. */
    public Outcome recordFailure(String importId, Outcome outcome, String reason) {
        ImportRecord record = store.get(importId);
        Outcome recorded = record.outcome();
        if (!record.isFinished()) {
            recorded = store.recordOutcomeAndGet(importId, outcome, List.of(), reason, 0, clock.instant(), null)
                    .map(ImportRecord::outcome)
                    // another run of the step recorded one in between: that one stands
                    .orElseGet(() -> store.get(importId).outcome());
        }
        releaseLock(record);
        return recorded;
    }

    private void releaseLock(ImportRecord record) {
        if (record.bankConnectionId() != null && record.type() != ImportType.IMPORT) {
            locks.release(record.bankConnectionId(), record.importId());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Web Form 2.0 takes a list: the caller's allowedInterfaces, else its single bankingInterface, else all. */
    static List<String> allowedInterfaces(ImportRecord record) {
        ImportRecord.Request request = record.request();
        if (request.allowedInterfaces() != null) return request.allowedInterfaces();
        return request.bankingInterface() == null ? null : List.of(request.bankingInterface());
    }

    static PollResult result(Step step, int attempt) {
        return new PollResult(step.state(), attempt, step.nextWaitSeconds());
    }

    static String requestId(String importId, String step, int attempt) {
        return importId + "/" + step + "/" + attempt;
    }
}
