package io.finport.workflow.service;

import io.finport.domain.AccountInterfaceSnapshot;
import io.finport.domain.AccountResult;
import io.finport.domain.AccountSnapshot;
import io.finport.domain.AccountStatus;
import io.finport.domain.Classification;
import io.finport.domain.ConnectionSnapshot;
import io.finport.domain.IbanMask;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.domain.OutcomeClassifier;
import io.finport.domain.UpdateResultSnapshot;
import io.finport.domain.Warning;
import io.finport.domain.poll.PollDecision;
import io.finport.domain.poll.PollHistory;
import io.finport.domain.poll.PollPolicy;
import io.finport.domain.poll.PollState;
import io.finport.finapi.Account;
import io.finport.finapi.AccountInterface;
import io.finport.finapi.BankConnection;
import io.finport.finapi.BankConnectionInterface;
import io.finport.finapi.BankConnectionLockedException;
import io.finport.finapi.CategorizationStatus;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiTasks;
import io.finport.finapi.FinapiTimestamps;
import io.finport.finapi.PsuMetadata;
import io.finport.finapi.UpdateRequest;
import io.finport.finapi.UpdateResult;
import io.finport.finapi.UpdateStatus;
import io.finport.finapi.UserCredentials;
import io.finport.finapi.WebForm;
import io.finport.finapi.WebFormImportRequest;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.config.WorkflowConfig.MandatorLicence;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.AccountItem;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.ImportStore.Progress;
import io.finport.workflow.task.TaskIo.PollResult;
import io.finport.workflow.tenant.ConnectionOwnership;
import io.finport.workflow.tenant.ConnectionOwnership.Confirmation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The workflow's steps as plain Java: start the import/update, check its status, record the outcome.
 * Every step reads the import record first and is safe to run again (Step Functions retries and redrives).
 */
public class ImportService {
    /** The states the state machine's Choice routes on. */
    public static final String WAITING = "WAITING";

    public static final String CATEGORIZING = "CATEGORIZING";
    public static final String READY = "READY";
    public static final String STOPPED = "STOPPED";
    public static final String TIMED_OUT = "TIMED_OUT";

    private static final StructuredLog LOG = StructuredLog.of(ImportService.class);

    private final ImportStore store;
    private final FinapiClient finapi;
    private final FinapiUsers users;
    private final ConnectionOwnership ownership;
    private final PollPolicy pollPolicy;
    private final OutcomeClassifier classifier;
    private final WorkflowConfig config;
    private final Clock clock;
    private final WebFormFollower webForms;
    private final BackgroundUpdates backgroundUpdates;
    private final PsuVault psuVault;

    public ImportService(
            ImportStore store,
            FinapiClient finapi,
            FinapiUsers users,
            ConnectionOwnership ownership,
            PollPolicy pollPolicy,
            OutcomeClassifier classifier,
            WorkflowConfig config,
            Clock clock) {
        this(store, finapi, users, ownership, pollPolicy, classifier, config, clock, null);
    }

    /** With a {@link PsuVault}, an UPDATE sends the end user's device details the API kept sealed. */
    public ImportService(
            ImportStore store,
            FinapiClient finapi,
            FinapiUsers users,
            ConnectionOwnership ownership,
            PollPolicy pollPolicy,
            OutcomeClassifier classifier,
            WorkflowConfig config,
            Clock clock,
            PsuVault psuVault) {
        this.psuVault = psuVault;
        this.store = store;
        this.finapi = finapi;
        this.users = users;
        this.ownership = ownership;
        this.pollPolicy = pollPolicy;
        this.classifier = classifier;
        this.config = config;
        this.clock = clock;
        this.webForms = new WebFormFollower(store, finapi, ownership, pollPolicy, config);
        this.backgroundUpdates = new BackgroundUpdates(store, new FinapiTasks(finapi), webForms, config);
    }

    // ---- Start import --------------------------------------------------------------------------------------

    public PollResult start(String importId) {
        ImportRecord record = store.get(importId);
        if (record.isFinished() || record.stopOutcome() != null) {
            return new PollResult(STOPPED, 0, 0);
        }
        if (record.startedAt() != null || record.webFormId() != null || record.taskId() != null) {
            // A retry or redrive of this step after finAPI already accepted it: never start twice.
            LOG.info("import already started", "type", record.type());
            return new PollResult(WAITING, 0, firstWait(record));
        }
        String requestId = requestId(importId, "start", 0);
        UserCredentials user = users.credentialsFor(record.callerId(), record.userReference(), requestId);
        ImportType type = ImportType.valueOf(record.type());
        Instant now = clock.instant();
        Confirmation confirmed = type == ImportType.IMPORT ? null : ownership.confirm(record, user, requestId);
        if (confirmed != null && !confirmed.owned()) {
            return webForms.stop(record, 0, now, null, Outcome.FAILED, "bank connection not found for this user");
        }
        switch (type) {
            case IMPORT -> {
                WebForm form = finapi.createBankConnectionImportWebForm(
                        user,
                        new WebFormImportRequest(record.bankId(), allowedInterfaces(record), null, null, null, null),
                        requestId);
                store.markWebFormCreated(importId, form.id(), form.url(), form.status());
                LOG.info("web form created", "webFormId", form.id());
                return new PollResult(WAITING, 0, config.pollMinWait().toSeconds());
            }
            case UPDATE -> {
                BankConnection connection;
                boolean joined = false;
                String bankingInterface = record.bankingInterface();
                String sealedPsu = psuVault == null ? null : store.sealedPsu(importId);
                try {
                    PsuMetadata psu = openPsu(sealedPsu, importId);
                    if (config.mandatorLicence() == MandatorLicence.UNLICENSED) {
                        return backgroundUpdates.start(record, user, psu, requestId);
                    }
                    if (bankingInterface == null) {
                        bankingInterface = preferredInterface(confirmed
                                .connection()
                                .orElseGet(() -> finapi.getBankConnection(user, record.bankConnectionId(), requestId)));
                    }
                    connection = finapi.updateBankConnection(
                            user,
                            new UpdateRequest(
                                    record.bankConnectionId(), bankingInterface, record.importNewAccounts(), psu),
                            requestId);
                } catch (BankConnectionLockedException e) {
                    // finAPI is already updating this connection (the user, or finAPI's batch update): follow that run.
                    LOG.info(
                            "connection locked by finAPI, joining the running update",
                            "bankConnectionId",
                            record.bankConnectionId());
                    connection = finapi.getBankConnection(user, record.bankConnectionId(), requestId);
                    joined = true;
                } finally {
                    // Used once: the end user's device details are gone as soon as the update was asked for.
                    if (sealedPsu != null) store.removeSealedPsu(importId);
                }
                return started(record, connection, now, joined);
            }
            case TRACK -> {
                BankConnection connection = confirmed
                        .connection()
                        .orElseGet(() -> finapi.getBankConnection(user, record.bankConnectionId(), requestId));
                return started(record, connection, now, true);
            }
            default -> throw new IllegalStateException("unknown import type");
        }
    }

    private PsuMetadata openPsu(String sealed, String importId) {
        if (sealed == null) return null;
        try {
            return psuVault.open(sealed, importId);
        } catch (RuntimeException e) {
            LOG.warn(
                    "PSU data not readable, the update runs unattended",
                    "error",
                    e.getClass().getSimpleName());
            return null;
        }
    }

    private PollResult started(ImportRecord record, BankConnection connection, Instant now, boolean joined) {
        Long bankId = connection.bank() != null && connection.bank().id() != null
                ? connection.bank().id()
                : record.bankId();
        List<Integer> bankHistory = bankId == null ? List.of() : store.pollHistory(bankScope(bankId));
        List<Integer> connectionHistory = store.pollHistory(connectionScope(record.bankConnectionId()));
        store.markStarted(
                record.importId(), record.bankConnectionId(), bankId, now, joined, bankHistory, connectionHistory);
        PollDecision decision = pollPolicy.next(new PollState(
                1,
                Duration.ZERO,
                config.pollDeadline(),
                new PollHistory(connectionHistory),
                new PollHistory(bankHistory)));
        LOG.info(
                "finAPI run started",
                "bankConnectionId",
                record.bankConnectionId(),
                "joined",
                joined,
                "updateStatus",
                connection.updateStatus(),
                "nextWaitSeconds",
                decision.waitSeconds());
        return new PollResult(WAITING, 0, decision.waitSeconds());
    }

    // ---- Check status --------------------------------------------------------------------------------------

    public PollResult check(String importId, int attempt) {
        ImportRecord record = store.get(importId);
        if (record.isFinished() || record.stopOutcome() != null) {
            return new PollResult(STOPPED, attempt, 0);
        }
        String requestId = requestId(importId, "check", attempt);
        UserCredentials user = users.credentialsFor(record.callerId(), record.userReference(), requestId);
        Instant now = clock.instant();
        if (record.bankConnectionId() == null) {
            return webForms.check(record, user, attempt, now, requestId);
        }
        if (record.taskId() != null && record.startedAt() == null) {
            Optional<PollResult> pending = backgroundUpdates.check(record, user, attempt, now, requestId);
            if (pending.isPresent()) return pending.get();
            record = store.get(importId); // the task completed: follow the connection's download from here
        }
        BankConnection connection = finapi.getBankConnection(user, record.bankConnectionId(), requestId);
        UpdateStatus updateStatus = UpdateStatus.parse(connection.updateStatus());
        CategorizationStatus categorization = CategorizationStatus.parse(connection.categorizationStatus());
        Duration elapsed = Duration.between(record.startedAt(), now);
        String state;
        long nextWait;
        String status;
        if (updateStatus == UpdateStatus.READY) {
            if (!READY.equals(record.updateStatus())) {
                learn(record, now);
            }
            boolean categorizing = config.waitForCategorization() && categorization != CategorizationStatus.READY;
            if (categorizing && elapsed.compareTo(config.pollDeadline()) < 0) {
                state = CATEGORIZING;
                status = "CATEGORIZING";
                nextWait = webForms.backOff(attempt, elapsed).waitSeconds();
            } else {
                state = READY;
                status = "IN_PROGRESS";
                nextWait = 0;
            }
        } else {
            if (!record.accountsListed() && !connection.accountIds().isEmpty()) {
                listAccountsEarly(record, user, connection, requestId);
            }
            PollDecision decision = pollPolicy.next(new PollState(
                    attempt + 1,
                    elapsed,
                    config.pollDeadline(),
                    new PollHistory(record.connectionHistory()),
                    new PollHistory(record.bankHistory())));
            state = decision.deadlineReached() ? TIMED_OUT : WAITING;
            nextWait = decision.deadlineReached() ? 0 : decision.waitSeconds();
            status = "IN_PROGRESS";
        }
        store.recordProgress(
                record.importId(),
                new Progress(
                        attempt,
                        now,
                        nextWait,
                        status,
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
                state,
                "nextWaitSeconds",
                nextWait);
        return new PollResult(state, attempt, nextWait);
    }

    /** Shows the accounts while finAPI still downloads them, marked as downloading (finAPI's own advice). */
    private void listAccountsEarly(
            ImportRecord record, UserCredentials user, BankConnection connection, String requestId) {
        List<Account> accounts = finapi.getAccounts(user, connection.accountIds(), requestId);
        List<AccountItem> items = new ArrayList<>();
        for (Account a : accounts) {
            AccountInterface latest = latestInterface(a);
            String status = latest != null ? latest.status() : null;
            items.add(toItem(a, status == null ? "DOWNLOAD_IN_PROGRESS" : status, true, latest));
        }
        store.putAccounts(record.importId(), items);
        store.markAccountsListed(record.importId());
    }

    /** Records the observed duration so later imports of this bank and connection poll closer to the finish. */
    private void learn(ImportRecord record, Instant readyAt) {
        // A joined or tracked run started before we saw it, so its duration is unknown: learning it would skew.
        if (record.startedAt() == null || record.joinedRunningUpdate()) return;
        Instant lastPending =
                record.lastCheckedAt() != null && record.lastCheckedAt().isAfter(record.startedAt())
                        ? record.lastCheckedAt()
                        : record.startedAt();
        Duration observed = PollHistory.observedDuration(
                Duration.between(record.startedAt(), lastPending), Duration.between(record.startedAt(), readyAt));
        if (record.bankId() != null) saveSample(bankScope(record.bankId()), observed);
        saveSample(connectionScope(record.bankConnectionId()), observed);
    }

    private void saveSample(String scope, Duration observed) {
        List<Integer> previous = store.pollHistory(scope);
        store.savePollHistory(
                scope, previous, new PollHistory(previous).with(observed).durationsSeconds());
    }

    // ---- Fetch accounts and record outcome ----------------------------------------------------------------

    public String recordOutcome(String importId, String state) {
        ImportRecord record = store.get(importId);
        if (record.isFinished()) {
            return record.outcome();
        }
        Classification classification;
        List<AccountItem> items = List.of();
        if (record.stopOutcome() != null) {
            classification = Outcome.USER_ACTION_REQUIRED.name().equals(record.stopOutcome())
                    ? Classification.userActionRequired(record.stopReason())
                    : Classification.failed(record.stopReason());
        } else if (record.bankConnectionId() == null) {
            classification = Classification.timedOut("the web form was not completed within "
                    + config.pollDeadline().toSeconds() + " s");
        } else {
            String requestId = requestId(importId, "record", 0);
            UserCredentials user = users.credentialsFor(record.callerId(), record.userReference(), requestId);
            BankConnection connection = finapi.getBankConnection(user, record.bankConnectionId(), requestId);
            List<Account> accounts = finapi.getAccounts(user, connection.accountIds(), requestId);
            Classification classified = classifier.classify(
                    ImportType.valueOf(record.type()),
                    snapshot(connection, record.bankingInterface()),
                    accounts.stream().map(ImportService::snapshot).toList(),
                    config.waitForCategorization());
            classification = TIMED_OUT.equals(state)
                    ? new Classification(
                            Outcome.TIMED_OUT,
                            classified.warnings(),
                            classified.accounts(),
                            "finAPI did not finish within "
                                    + config.pollDeadline().toSeconds() + " s (updateStatus "
                                    + safeCode(connection.updateStatus()) + ")")
                    : classified;
            items = toItems(accounts, classification.accounts());
            store.putAccounts(importId, items);
        }
        List<String> warnings =
                classification.warnings().stream().map(Warning::name).toList();
        boolean recorded = store.recordOutcome(
                importId,
                classification.outcome().name(),
                warnings,
                classification.reason(),
                items.size(),
                clock.instant());
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
                recorded);
        return recorded ? classification.outcome().name() : store.get(importId).outcome();
    }

    /** Records the outcome of a run that ended in an error; see {@link FailureClassifier}. */
    public String recordFailure(String importId, Outcome outcome, String reason) {
        ImportRecord record = store.get(importId);
        if (!record.isFinished()) {
            store.recordOutcome(importId, outcome.name(), List.of(), reason, 0, clock.instant());
        }
        releaseLock(record);
        return store.get(importId).outcome();
    }

    private void releaseLock(ImportRecord record) {
        if (record.bankConnectionId() != null && !ImportType.IMPORT.name().equals(record.type())) {
            store.releaseConnectionLock(record.bankConnectionId(), record.importId());
        }
    }

    // ---- mapping ------------------------------------------------------------------------------------------

    static ConnectionSnapshot snapshot(BankConnection connection, String preferredInterface) {
        BankConnectionInterface chosen = connection.interfaces().stream()
                .filter(i -> preferredInterface != null && preferredInterface.equals(i.bankingInterface()))
                .findFirst()
                .orElseGet(() -> connection.interfaces().stream()
                        .max(Comparator.comparing(
                                i -> latestUpdate(i), Comparator.nullsFirst(Comparator.naturalOrder())))
                        .orElse(null));
        return new ConnectionSnapshot(
                connection.updateStatus(),
                connection.categorizationStatus(),
                chosen != null && Boolean.TRUE.equals(chosen.userActionRequired()),
                chosen == null ? null : result(chosen.lastManualUpdate()),
                chosen == null ? null : result(chosen.lastAutoUpdate()));
    }

    private static Instant latestUpdate(BankConnectionInterface i) {
        Instant manual = i.lastManualUpdate() == null
                ? null
                : FinapiTimestamps.parse(i.lastManualUpdate().timestamp());
        Instant auto = i.lastAutoUpdate() == null
                ? null
                : FinapiTimestamps.parse(i.lastAutoUpdate().timestamp());
        if (manual == null) return auto;
        if (auto == null) return manual;
        return manual.isAfter(auto) ? manual : auto;
    }

    private static UpdateResultSnapshot result(UpdateResult r) {
        return r == null
                ? null
                : new UpdateResultSnapshot(r.result(), r.errorType(), FinapiTimestamps.parse(r.timestamp()));
    }

    static AccountSnapshot snapshot(Account a) {
        List<AccountInterfaceSnapshot> interfaces = a.interfaces().stream()
                .map(i -> new AccountInterfaceSnapshot(
                        i.bankingInterface(),
                        i.status(),
                        FinapiTimestamps.parse(i.lastUpdateAttempt()),
                        FinapiTimestamps.parse(i.lastSuccessfulUpdate())))
                .toList();
        // finAPI V2 has no account-level status (V1 had one); the classifier reads the interfaces.
        return new AccountSnapshot(a.id(), interfaces, null);
    }

    private static List<AccountItem> toItems(List<Account> accounts, List<AccountResult> results) {
        Map<Long, AccountResult> byId = new HashMap<>();
        for (AccountResult r : results) byId.put(r.accountId(), r);
        List<AccountItem> items = new ArrayList<>(accounts.size());
        for (Account a : accounts) {
            AccountResult r = byId.get(a.id());
            String status = r == null
                    ? AccountStatus.UNKNOWN.name()
                    : (r.status() == AccountStatus.UNKNOWN && r.rawStatus() != null
                            ? safeCode(r.rawStatus())
                            : r.status().name());
            items.add(toItem(
                    a, status, r != null && r.status() == AccountStatus.DOWNLOAD_IN_PROGRESS, latestInterface(a)));
        }
        return items;
    }

    private static AccountItem toItem(Account a, String status, boolean downloading, AccountInterface latest) {
        return new AccountItem(
                a.id(),
                a.accountName(),
                a.accountType(),
                IbanMask.mask(a.iban()),
                a.accountCurrency(),
                status,
                latest == null ? null : latest.bankingInterface(),
                downloading);
    }

    private static AccountInterface latestInterface(Account a) {
        return a.interfaces().stream()
                .max(Comparator.comparing(
                        i -> FinapiTimestamps.parse(i.lastUpdateAttempt()),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElse(null);
    }

    /** Web Form 2.0 takes a list: the caller's allowedInterfaces, else its single bankingInterface, else all. */
    static List<String> allowedInterfaces(ImportRecord record) {
        if (record.allowedInterfaces() != null) return record.allowedInterfaces();
        return record.bankingInterface() == null ? null : List.of(record.bankingInterface());
    }

    private static String preferredInterface(BankConnection connection) {
        // finAPI's own priority on update: XS2A, then FINTS_SERVER, then WEB_SCRAPER.
        for (String candidate : List.of("XS2A", "FINTS_SERVER", "WEB_SCRAPER")) {
            for (BankConnectionInterface i : connection.interfaces()) {
                if (candidate.equals(i.bankingInterface())) return candidate;
            }
        }
        return connection.interfaces().isEmpty()
                ? "XS2A"
                : connection.interfaces().get(0).bankingInterface();
    }

    /** The wait of a check without history (web form, categorization): the policy's capped exponential back-off. */
    private long firstWait(ImportRecord record) {
        return record.nextWaitSeconds() != null && record.nextWaitSeconds() > 0
                ? record.nextWaitSeconds()
                : config.pollMinWait().toSeconds();
    }

    /** finAPI codes and statuses are echoed in reasons; anything that is not a plain code is replaced. */
    static String safeCode(String value) {
        if (value == null) return "UNKNOWN";
        return value.matches("[A-Za-z0-9_]{1,64}") ? value : "UNRECOGNISED";
    }

    static String requestId(String importId, String step, int attempt) {
        return importId + "/" + step + "/" + attempt;
    }

    static String bankScope(long bankId) {
        return "BANK#" + bankId;
    }

    static String connectionScope(Long bankConnectionId) {
        return "CONNECTION#" + Objects.requireNonNull(bankConnectionId);
    }
}
