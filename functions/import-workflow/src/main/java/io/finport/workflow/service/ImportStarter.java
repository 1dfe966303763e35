package io.finport.workflow.service;

import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.domain.poll.PollHistory;
import io.finport.domain.poll.PollLoop;
import io.finport.domain.poll.PollLoop.Step;
import io.finport.domain.poll.PollLoopState;
import io.finport.finapi.BankConnection;
import io.finport.finapi.BankConnectionLockedException;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.PsuMetadata;
import io.finport.finapi.UpdateRequest;
import io.finport.finapi.UserCredentials;
import io.finport.finapi.WebForm;
import io.finport.finapi.WebFormImportRequest;
import io.finport.finapi.WebFormStatus;
import io.finport.workflow.callback.FinapiCallbacks;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.config.WorkflowConfig.MandatorLicence;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.task.TaskIo.PollResult;
import io.finport.workflow.tenant.ConnectionOwnership;
import io.finport.workflow.tenant.ConnectionOwnership.Confirmation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Step "Start import": creates the import's web form (IMPORT), asks finAPI for the update, or its background update
 * task without an own licence (UPDATE), or only reads the running update (TRACK), and marks the record started.
 * Never starts twice: a retried or redriven start finds the record started and only waits.
 */
final class ImportStarter {
    private static final StructuredLog LOG = StructuredLog.of(ImportStarter.class);

    private final ImportStore store;
    private final PollHistories histories;
    private final FinapiClient finapi;
    private final FinapiUsers users;
    private final ConnectionOwnership ownership;
    private final PollLoop loop;
    private final WorkflowConfig config;
    private final Clock clock;
    private final WebFormFollower webForms;
    private final BackgroundUpdates backgroundUpdates;
    private final PsuVault psuVault;
    private final FinapiCallbacks callbacks;

    ImportStarter(
            ImportStore store,
            PollHistories histories,
            FinapiClient finapi,
            FinapiUsers users,
            ConnectionOwnership ownership,
            PollLoop loop,
            WorkflowConfig config,
            Clock clock,
            WebFormFollower webForms,
            BackgroundUpdates backgroundUpdates,
            PsuVault psuVault,
            FinapiCallbacks callbacks) {
        this.callbacks = callbacks;
        this.store = store;
        this.histories = histories;
        this.finapi = finapi;
        this.users = users;
        this.ownership = ownership;
        this.loop = loop;
        this.config = config;
        this.clock = clock;
        this.webForms = webForms;
        this.backgroundUpdates = backgroundUpdates;
        this.psuVault = psuVault;
    }

    PollResult start(String importId) {
        ImportRecord record = store.get(importId);
        if (record.isFinished() || record.result().stopOutcome() != null) {
            return ImportService.result(Step.stopped(), 0);
        }
        if (record.progress().startedAt() != null
                || record.webFormAndTask().webFormId() != null
                || record.webFormAndTask().taskId() != null) {
            // A retry or redrive of this step after finAPI already accepted it: never start twice.
            LOG.info("import already started", "type", record.type().name());
            return new PollResult(PollLoopState.WAITING, 0, firstWait(record));
        }
        String requestId = ImportService.requestId(importId, "start", 0);
        UserCredentials user = users.credentialsFor(record.callerId(), record.userReference(), requestId);
        Instant now = clock.instant();
        Confirmation confirmed = record.type() == ImportType.IMPORT ? null : ownership.confirm(record, user, requestId);
        if (confirmed != null && !confirmed.owned()) {
            return webForms.stop(record, 0, now, null, Outcome.FAILED, "bank connection not found for this user");
        }
        return switch (record.type()) {
            case IMPORT -> {
                String callbackUrl = callbacks
                        .forWebForm(importId)
                        .map(urls -> urls.finalised().toString())
                        .orElse(null);
                WebForm form = finapi.createBankConnectionImportWebForm(
                        user,
                        new WebFormImportRequest(
                                record.bankId(),
                                ImportService.allowedInterfaces(record),
                                null,
                                null,
                                callbackUrl,
                                null),
                        requestId);
                store.markWebFormCreated(importId, form.id(), form.url(), WebFormStatus.parse(form.status()));
                LOG.info("web form created", "webFormId", form.id());
                yield webForms.created(config.pollMinWait().toSeconds());
            }
            case UPDATE -> update(record, user, confirmed, now, requestId);
            case TRACK -> {
                BankConnection connection = confirmed
                        .connection()
                        .orElseGet(() -> finapi.getBankConnection(user, record.bankConnectionId(), requestId));
                yield started(record, connection, now, true);
            }
        };
    }

    private PollResult update(
            ImportRecord record, UserCredentials user, Confirmation confirmed, Instant now, String requestId) {
        BankConnection connection;
        boolean joined = false;
        String sealedPsu = psuVault == null ? null : store.sealedPsu(record.importId());
        try {
            PsuMetadata psu = openPsu(sealedPsu, record.importId());
            if (config.mandatorLicence() == MandatorLicence.UNLICENSED) {
                return backgroundUpdates.start(record, user, psu, requestId);
            }
            String bankingInterface = record.request().bankingInterface();
            if (bankingInterface == null) {
                bankingInterface = FinapiMapping.preferredInterface(confirmed
                        .connection()
                        .orElseGet(() -> finapi.getBankConnection(user, record.bankConnectionId(), requestId)));
            }
            connection = finapi.updateBankConnection(
                    user,
                    new UpdateRequest(
                            record.bankConnectionId(),
                            bankingInterface,
                            record.request().importNewAccounts(),
                            psu),
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
            if (sealedPsu != null) store.removeSealedPsu(record.importId());
        }
        return started(record, connection, now, joined);
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
        List<Integer> bankHistory = histories.ofBank(bankId);
        List<Integer> connectionHistory = histories.ofConnection(record.bankConnectionId());
        store.markStarted(
                record.importId(), record.bankConnectionId(), bankId, now, joined, bankHistory, connectionHistory);
        Step step = loop.started(new PollHistory(connectionHistory), new PollHistory(bankHistory));
        LOG.info(
                "finAPI run started",
                "bankConnectionId",
                record.bankConnectionId(),
                "joined",
                joined,
                "updateStatus",
                connection.updateStatus(),
                "nextWaitSeconds",
                step.nextWaitSeconds());
        return ImportService.result(step, 0);
    }

    /** The wait after a repeated start: the one recorded last, else the minimum. */
    private long firstWait(ImportRecord record) {
        Long recorded = record.progress().nextWaitSeconds();
        return recorded != null && recorded > 0
                ? recorded
                : config.pollMinWait().toSeconds();
    }
}
