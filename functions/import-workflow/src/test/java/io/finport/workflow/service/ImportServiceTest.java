package io.finport.workflow.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.domain.OutcomeClassifier;
import io.finport.domain.SensitiveDataPatterns;
import io.finport.domain.poll.AdaptivePollPolicy;
import io.finport.domain.poll.PollLoopState;
import io.finport.domain.poll.PollSettings;
import io.finport.finapi.Account;
import io.finport.finapi.AccountInterface;
import io.finport.finapi.BankConnection;
import io.finport.finapi.BankConnectionInterface;
import io.finport.finapi.BankConnectionLockedException;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.UpdateRequest;
import io.finport.finapi.UpdateResult;
import io.finport.finapi.UserCredentials;
import io.finport.finapi.WebForm;
import io.finport.finapi.WebFormImportRequest;
import io.finport.finapi.WebFormStatus;
import io.finport.workflow.callback.CallbackConfig;
import io.finport.workflow.callback.CallbackTokens;
import io.finport.workflow.callback.FinapiCallbacks;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.DynamoTable;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.ImportStore.ImportView;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.task.TaskIo.PollResult;
import io.finport.workflow.tenant.ConnectionOwnership;
import io.finport.workflow.tenant.ConnectionOwnership.Confirmation;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import io.finport.workflow.testing.Records;
import io.finport.workflow.testing.TestConfig;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String ID = "imp-0123456789abcdef01234567";
    private static final long CONNECTION = 100001L;
    private static final UserCredentials USER = new UserCredentials("fp-user", "secret-password");
    private static final WorkflowConfig CONFIG = TestConfig.config("FINAPI_MANDATOR_LICENCE", "LICENSED");

    private ImportStore store;
    private FinapiClient finapi;
    private FinapiUsers users;
    private ConnectionLocks locks;
    private ConnectionOwnership ownership;
    private MutableClock clock;
    private ImportService service;
    private PollHistories histories;

    @BeforeEach
    void setUp() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        finapi = mock(FinapiClient.class);
        users = mock(FinapiUsers.class);
        when(users.credentialsFor(anyString(), anyString(), anyString())).thenReturn(USER);
        clock = new MutableClock(T0);
        locks = new ConnectionLocks(db::client, db.tableName());
        ownership = mock(ConnectionOwnership.class);
        when(ownership.confirm(any(), any(), anyString())).thenReturn(new Confirmation(true, Optional.empty()));
        histories = new PollHistories(new DynamoTable(db::client, db.tableName(), clock));
        service = new ImportService(
                store,
                histories,
                locks,
                finapi,
                users,
                ownership,
                new AdaptivePollPolicy(PollSettings.defaults()),
                new OutcomeClassifier(),
                CONFIG,
                clock,
                null,
                FinapiCallbacks.off());
    }

    private void create(ImportType type, Long connectionId, String bankingInterface) {
        store.createImport(Records.pending(
                ID,
                type,
                "caller",
                "user-4711",
                type == ImportType.IMPORT ? 277672L : null,
                connectionId,
                bankingInterface,
                false,
                "hash",
                T0));
    }

    private static BankConnection connection(String updateStatus, List<Long> accountIds) {
        UpdateResult ok = new UpdateResult("OK", null, null, "2026-11-24 10:00:30.000");
        return new BankConnection(
                CONNECTION,
                "Giro",
                new BankConnection.Bank(277672L, "Testbank"),
                updateStatus,
                "READY",
                accountIds,
                List.of(new BankConnectionInterface("XS2A", ok, null, false, null)));
    }

    private static Account account(long id, String iban) {
        return new Account(
                id,
                CONNECTION,
                "Max Mustermann Giro",
                iban,
                "0532013000",
                null,
                "Max Mustermann",
                "EUR",
                "Checking",
                new BigDecimal("1234.56"),
                null,
                null,
                null,
                false,
                List.of(new AccountInterface("XS2A", "UPDATED", "2026-11-24 10:00:30.000", "2026-11-24 10:00:30.000")));
    }

    // ---- start ---------------------------------------------------------------------------------------------

    @Test
    void start_whenUpdate_callsUpdateOnceEvenWhenRetried() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        when(finapi.updateBankConnection(any(), any(), anyString())).thenReturn(connection("IN_PROGRESS", List.of()));

        PollResult first = service.start(ID);
        PollResult retried = service.start(ID);

        assertThat(first.state()).isEqualTo(PollLoopState.WAITING);
        assertThat(first.attempt()).isZero();
        assertThat(first.nextWaitSeconds()).isBetween(2L, 60L);
        assertThat(retried.state()).isEqualTo(PollLoopState.WAITING);
        verify(finapi, times(1))
                .updateBankConnection(eq(USER), eq(new UpdateRequest(CONNECTION, "XS2A", false)), eq(ID + "/start/0"));
        ImportRecord r = store.get(ID);
        assertThat(r.progress().startedAt()).isEqualTo(T0);
        assertThat(r.progress().joinedRunningUpdate()).isFalse();
        assertThat(r.bankId()).isEqualTo(277672L);
        assertThat(r.status()).isEqualTo(ImportStatus.IN_PROGRESS);
    }

    @Test
    void start_whenUpdateWithoutInterface_picksXs2aFromTheConnection() {
        create(ImportType.UPDATE, CONNECTION, null);
        BankConnection twoInterfaces = new BankConnection(
                CONNECTION,
                "Giro",
                null,
                "READY",
                "READY",
                List.of(),
                List.of(
                        new BankConnectionInterface("FINTS_SERVER", null, null, false, null),
                        new BankConnectionInterface("XS2A", null, null, false, null)));
        when(finapi.getBankConnection(any(), anyLong(), anyString())).thenReturn(twoInterfaces);
        when(finapi.updateBankConnection(any(), any(), anyString())).thenReturn(connection("IN_PROGRESS", List.of()));

        service.start(ID);

        verify(finapi).updateBankConnection(any(), eq(new UpdateRequest(CONNECTION, "XS2A", false)), anyString());
    }

    @Test
    void start_whenConnectionLocked_joinsTheRunningUpdate() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        when(finapi.updateBankConnection(any(), any(), anyString()))
                .thenThrow(new BankConnectionLockedException(
                        423, "BANK_CONNECTION_LOCKED", "POST /api/v2/bankConnections/update", "r", "locked"));
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString()))
                .thenReturn(connection("IN_PROGRESS", List.of()));

        PollResult result = service.start(ID);

        assertThat(result.state()).isEqualTo(PollLoopState.WAITING);
        verify(finapi).getBankConnection(USER, CONNECTION, ID + "/start/0");
        assertThat(store.get(ID).progress().joinedRunningUpdate()).isTrue();
        assertThat(store.get(ID).progress().startedAt()).isEqualTo(T0);
    }

    @Test
    void start_whenTrack_neverCallsUpdate() {
        create(ImportType.TRACK, CONNECTION, null);
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString()))
                .thenReturn(connection("IN_PROGRESS", List.of()));

        service.start(ID);
        service.start(ID);

        verify(finapi, never()).updateBankConnection(any(), any(), anyString());
        verify(finapi, times(1)).getBankConnection(any(), anyLong(), anyString());
        assertThat(store.get(ID).progress().joinedRunningUpdate()).isTrue();
    }

    @Test
    void start_whenTrackConfirmedTheConnection_usesThatAnswerInsteadOfAskingAgain() {
        create(ImportType.TRACK, CONNECTION, null);
        when(ownership.confirm(any(), any(), anyString()))
                .thenReturn(new Confirmation(true, Optional.of(connection("IN_PROGRESS", List.of()))));

        service.start(ID);

        verify(finapi, never()).getBankConnection(any(), anyLong(), anyString());
        assertThat(store.get(ID).progress().startedAt()).isEqualTo(T0);
    }

    @Test
    void start_whenTheConnectionIsNotTheUsers_stopsFailedWithoutCallingUpdate() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        when(ownership.confirm(any(), any(), anyString())).thenReturn(new Confirmation(false, Optional.empty()));

        PollResult result = service.start(ID);

        assertThat(result.state()).isEqualTo(PollLoopState.STOPPED);
        assertThat(store.get(ID).result().stopOutcome()).isEqualTo(Outcome.FAILED);
        assertThat(store.get(ID).result().stopReason()).isEqualTo("bank connection not found for this user");
        verify(finapi, never()).updateBankConnection(any(), any(), anyString());
    }

    @Test
    void start_whenImport_createsTheWebFormOnce() {
        create(ImportType.IMPORT, null, "XS2A");
        when(finapi.createBankConnectionImportWebForm(any(), any(), anyString()))
                .thenReturn(new WebForm(
                        "wf-1", "https://webform/wf-1", null, null, "BANK_CONNECTION_IMPORT", "NOT_YET_OPENED", null));

        PollResult first = service.start(ID);
        PollResult retried = service.start(ID);

        assertThat(first).isEqualTo(new PollResult(PollLoopState.WAITING, 0, 2));
        assertThat(retried.state()).isEqualTo(PollLoopState.WAITING);
        verify(finapi, times(1))
                .createBankConnectionImportWebForm(
                        eq(USER),
                        eq(new WebFormImportRequest(277672L, List.of("XS2A"), null, null, null, null)),
                        anyString());
        assertThat(store.get(ID).webFormAndTask().webFormId()).isEqualTo("wf-1");
        assertThat(store.get(ID).status()).isEqualTo(ImportStatus.WAITING_FOR_USER);
    }

    @Test
    void start_whenCallbacksAreOn_registersASingleUseCallbackUrlAndWaitsForTheCallback() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        CallbackTokens tokens = new CallbackTokens(db::client, db.tableName(), clock);
        ImportService withCallbacks = new ImportService(
                store,
                new PollHistories(new DynamoTable(db::client, db.tableName(), clock)),
                new ConnectionLocks(db::client, db.tableName()),
                finapi,
                users,
                ownership,
                new AdaptivePollPolicy(PollSettings.defaults()),
                new OutcomeClassifier(),
                CONFIG,
                clock,
                null,
                new FinapiCallbacks(
                        new CallbackConfig(Optional.of(URI.create("https://cb.example/v1")), Duration.ofSeconds(300)),
                        tokens));
        create(ImportType.IMPORT, null, "XS2A");
        org.mockito.ArgumentCaptor<WebFormImportRequest> request =
                org.mockito.ArgumentCaptor.forClass(WebFormImportRequest.class);
        when(finapi.createBankConnectionImportWebForm(any(), request.capture(), anyString()))
                .thenReturn(new WebForm(
                        "wf-1", "https://webform/wf-1", null, null, "BANK_CONNECTION_IMPORT", "NOT_YET_OPENED", null));
        when(finapi.getWebForm(any(), eq("wf-1"), anyString()))
                .thenReturn(new WebForm(
                        "wf-1", "https://webform/wf-1", null, null, "BANK_CONNECTION_IMPORT", "IN_PROGRESS", null));

        PollResult started = withCallbacks.start(ID);
        clock.advance(Duration.ofSeconds(300));
        PollResult checked = withCallbacks.check(ID, 1);

        assertThat(started).isEqualTo(new PollResult(PollLoopState.AWAITING_CALLBACK, 0, 300));
        assertThat(checked).isEqualTo(new PollResult(PollLoopState.AWAITING_CALLBACK, 1, 300));
        String url = request.getValue().callbackUrl();
        assertThat(url).startsWith("https://cb.example/v1/callbacks/finapi/");
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(tokens.redeem(token)).contains(ID);
        assertThat(tokens.redeem(token)).isEmpty();
        // Near the deadline the fallback wait shrinks to what is left of it.
        clock.advance(CONFIG.pollDeadline().minus(Duration.ofSeconds(310)));
        assertThat(withCallbacks.check(ID, 2).nextWaitSeconds()).isEqualTo(10);
    }

    @Test
    void start_whenAlreadyFinished_isStoppedWithoutCallingFinapi() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        store.recordOutcome(ID, Outcome.FAILED, List.of(), "x", 0, T0);

        assertThat(service.start(ID).state()).isEqualTo(PollLoopState.STOPPED);
        verifyNoInteractions(finapi, users);
    }

    // ---- check ---------------------------------------------------------------------------------------------

    @Test
    void check_whenElapsedReachesDeadline_isTimedOut() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        store.markStarted(ID, CONNECTION, null, T0, false, List.of(), List.of());
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString()))
                .thenReturn(connection("IN_PROGRESS", List.of()));

        clock.advance(CONFIG.pollDeadline().minusSeconds(1));
        PollResult before = service.check(ID, 40);
        clock.advance(Duration.ofSeconds(1));
        PollResult at = service.check(ID, 41);

        assertThat(before.state()).isEqualTo(PollLoopState.WAITING);
        assertThat(before.nextWaitSeconds()).isPositive();
        assertThat(at).isEqualTo(new PollResult(PollLoopState.TIMED_OUT, 41, 0));
        assertThat(store.get(ID).progress().attempt()).isEqualTo(41);
    }

    @Test
    void check_whenReady_isReadyAndLearnsTheDuration() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        store.markStarted(ID, CONNECTION, 277672L, T0, false, List.of(), List.of());
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString())).thenReturn(connection("READY", List.of()));
        clock.advance(Duration.ofSeconds(40));

        PollResult result = service.check(ID, 2);

        assertThat(result).isEqualTo(new PollResult(PollLoopState.READY, 2, 0));
        assertThat(histories.ofBank(277672L)).containsExactly(20);
        assertThat(histories.ofConnection(CONNECTION)).containsExactly(20);
        assertThat(store.get(ID).progress().updateStatus()).isEqualTo("READY");
    }

    @Test
    void check_whenFinapiReportsWhenTheUpdateEnded_learnsThatDurationInsteadOfTheMidpoint() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        store.markStarted(ID, CONNECTION, 277672L, T0, false, List.of(), List.of());
        UpdateResult ended = new UpdateResult("OK", null, null, "2026-11-24T10:00:33.400+00:00");
        BankConnection ready = new BankConnection(
                CONNECTION,
                "Giro",
                new BankConnection.Bank(277672L, "Testbank"),
                "READY",
                "READY",
                List.of(),
                List.of(new BankConnectionInterface("XS2A", ended, null, false, null)));
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString())).thenReturn(ready);
        clock.advance(Duration.ofSeconds(40));

        service.check(ID, 2);

        assertThat(histories.ofBank(277672L)).containsExactly(33);
        assertThat(histories.ofConnection(CONNECTION)).containsExactly(33);
    }

    @Test
    void check_whenAccountsAppearWhileDownloading_storesThemMaskedAndMarksListed() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        store.markStarted(ID, CONNECTION, null, T0, false, List.of(), List.of());
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString()))
                .thenReturn(connection("IN_PROGRESS", List.of(7L)));
        when(finapi.getAccounts(any(), eq(List.of(7L)), anyString()))
                .thenReturn(List.of(account(7, "DE89370400440532013000")));
        clock.advance(Duration.ofSeconds(10));

        service.check(ID, 1);
        service.check(ID, 2);

        verify(finapi, times(1)).getAccounts(any(), anyList(), anyString());
        ImportView view = store.load(ID).orElseThrow();
        assertThat(view.record().progress().accountsListed()).isTrue();
        assertThat(view.accounts()).singleElement().satisfies(a -> {
            assertThat(a.downloading()).isTrue();
            assertThat(SensitiveDataPatterns.containsIban(a.ibanMasked())).isFalse();
            assertThat(a.ibanMasked()).endsWith("30 00");
        });
    }

    @Test
    void check_whenWebFormAborted_stopsWithUserActionRequired() {
        create(ImportType.IMPORT, null, null);
        store.markWebFormCreated(ID, "wf-1", "https://webform/wf-1", WebFormStatus.NOT_YET_OPENED);
        when(finapi.getWebForm(any(), eq("wf-1"), anyString()))
                .thenReturn(new WebForm("wf-1", null, null, null, "BANK_CONNECTION_IMPORT", "ABORTED", null));

        PollResult result = service.check(ID, 3);

        assertThat(result).isEqualTo(new PollResult(PollLoopState.STOPPED, 3, 0));
        ImportRecord r = store.get(ID);
        assertThat(r.result().stopOutcome()).isEqualTo(Outcome.USER_ACTION_REQUIRED);
        assertThat(r.result().stopReason()).contains("aborted");
        assertThat(r.webFormAndTask().webFormStatus()).isEqualTo(WebFormStatus.ABORTED);
        assertThat(service.recordOutcome(ID, PollLoopState.STOPPED)).isEqualTo(Outcome.USER_ACTION_REQUIRED);
    }

    @Test
    void check_whenWebFormCompleted_startsPollingTheNewConnection() {
        create(ImportType.IMPORT, null, null);
        store.markWebFormCreated(ID, "wf-1", "https://webform/wf-1", WebFormStatus.NOT_YET_OPENED);
        when(finapi.getWebForm(any(), eq("wf-1"), anyString()))
                .thenReturn(new WebForm(
                        "wf-1",
                        null,
                        null,
                        null,
                        "BANK_CONNECTION_IMPORT",
                        "COMPLETED",
                        new WebForm.Payload(CONNECTION, null, null)));
        clock.advance(Duration.ofSeconds(90));

        PollResult result = service.check(ID, 5);

        assertThat(result.state()).isEqualTo(PollLoopState.WAITING);
        assertThat(result.attempt()).isEqualTo(5);
        assertThat(store.get(ID).bankConnectionId()).isEqualTo(CONNECTION);
        assertThat(store.get(ID).progress().startedAt()).isEqualTo(clock.instant());
        verify(ownership).recordImported(any(), eq(CONNECTION), eq(USER));
    }

    // ---- outcome -------------------------------------------------------------------------------------------

    @Test
    void recordOutcome_whenCalledTwice_recordsOnceAndReturnsStoredOutcome() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        store.markStarted(ID, CONNECTION, null, T0, false, List.of(), List.of());
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString())).thenReturn(connection("READY", List.of(7L)));
        when(finapi.getAccounts(any(), eq(List.of(7L)), anyString()))
                .thenReturn(List.of(account(7, "DE89370400440532013000")));
        clock.advance(Duration.ofSeconds(60));

        Outcome first = service.recordOutcome(ID, PollLoopState.READY);
        clock.advance(Duration.ofSeconds(60));
        Outcome second = service.recordOutcome(ID, PollLoopState.TIMED_OUT);

        assertThat(second).isEqualTo(first);
        assertThat(first).isNotNull();
        verify(finapi, times(1)).getAccounts(any(), anyList(), anyString());
        ImportView view = store.load(ID).orElseThrow();
        assertThat(view.record().outcome()).isEqualTo(first);
        assertThat(view.record().result().finishedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(view.record().result().accountCount()).isEqualTo(1);
        assertThat(view.accounts()).singleElement().satisfies(a -> {
            assertThat(a.ibanMasked()).isNotEqualTo("DE89370400440532013000");
            assertThat(a.downloading()).isFalse();
        });
    }

    @Test
    void recordOutcomeKeepingView_whenItRecords_holdsWhatAReadReturns_andARepeatHoldsNothing() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        store.markStarted(ID, CONNECTION, null, T0, false, List.of(), List.of());
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString()))
                .thenReturn(connection("READY", List.of(30L, 7L, 12L)));
        when(finapi.getAccounts(any(), eq(List.of(30L, 7L, 12L)), anyString()))
                .thenReturn(List.of(
                        account(30, "DE89370400440532013000"),
                        account(7, "DE02120300000000202051"),
                        account(12, null)));
        clock.advance(Duration.ofSeconds(60));

        ImportService.Recorded first = service.recordOutcomeKeepingView(ID, PollLoopState.READY);
        ImportService.Recorded again = service.recordOutcomeKeepingView(ID, PollLoopState.READY);

        assertThat(first.written())
                .as("the import as a read returns it: the stored record, the account items in id order")
                .contains(store.load(ID).orElseThrow());
        assertThat(first.written().orElseThrow().accounts())
                .extracting(a -> a.accountId())
                .containsExactly(7L, 12L, 30L);
        assertThat(again.outcome()).isEqualTo(first.outcome());
        assertThat(again.written()).isEmpty();
    }

    @Test
    void recordOutcome_whenTimedOut_recordsTimedOutWithStatusInReason() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        store.markStarted(ID, CONNECTION, null, T0, false, List.of(), List.of());
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString()))
                .thenReturn(connection("IN_PROGRESS", List.of()));
        when(finapi.getAccounts(any(), anyList(), anyString())).thenReturn(List.of());

        assertThat(service.recordOutcome(ID, PollLoopState.TIMED_OUT)).isEqualTo(Outcome.TIMED_OUT);
        assertThat(store.get(ID).result().reason()).contains("1800 s").contains("IN_PROGRESS");
    }

    @Test
    void recordOutcome_whenRecorded_releasesTheConnectionLock() {
        create(ImportType.UPDATE, CONNECTION, "XS2A");
        locks.acquire(CONNECTION, ID, null, T0, T0.plus(Duration.ofHours(2)));
        store.markStarted(ID, CONNECTION, null, T0, false, List.of(), List.of());
        when(finapi.getBankConnection(any(), eq(CONNECTION), anyString())).thenReturn(connection("READY", List.of()));
        when(finapi.getAccounts(any(), anyList(), anyString())).thenReturn(List.of());

        service.recordOutcome(ID, PollLoopState.READY);

        assertThat(locks.acquire(CONNECTION, "imp-next", null, T0, T0.plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void recordFailure_whenCalledTwice_keepsFirstOutcomeAndReleasesLock() {
        create(ImportType.TRACK, CONNECTION, null);
        locks.acquire(CONNECTION, ID, null, T0, T0.plus(Duration.ofHours(2)));

        Outcome first = service.recordFailure(ID, Outcome.USER_ACTION_REQUIRED, "finAPI requires user action");
        Outcome second = service.recordFailure(ID, Outcome.FAILED, "internal error (X)");

        assertThat(first).isEqualTo(Outcome.USER_ACTION_REQUIRED);
        assertThat(second).isEqualTo(Outcome.USER_ACTION_REQUIRED);
        assertThat(store.get(ID).result().reason()).isEqualTo("finAPI requires user action");
        assertThat(locks.acquire(CONNECTION, "imp-next", null, T0, T0.plusSeconds(60)))
                .isEmpty();
        verifyNoInteractions(finapi);
    }
}
