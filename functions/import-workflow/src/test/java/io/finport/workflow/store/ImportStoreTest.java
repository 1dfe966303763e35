package io.finport.workflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.finapi.TaskStatus;
import io.finport.finapi.WebFormStatus;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.Records;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ImportStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final String ID = "imp-0123456789abcdef01234567";

    private LocalDynamoDb db;
    private ImportStore store;
    private PollHistories histories;

    @BeforeEach
    void setUp() {
        db = LocalDynamoDb.newTable();
        store = new ImportStore(db::client, db.tableName(), RETENTION);
        histories = new PollHistories(new DynamoTable(db::client, db.tableName(), Clock.systemUTC()));
    }

    private static ImportRecord pending(String importId, ImportType type, Long connectionId) {
        return Records.pending(
                importId, type, "caller-hash", "user-4711", null, connectionId, "XS2A", false, "hash-1", NOW);
    }

    private Map<String, AttributeValue> rawItem(String pk, String sk) {
        return db.client()
                .getItem(b -> b.tableName(db.tableName())
                        .consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))))
                .item();
    }

    private Map<String, AttributeValue> meta() {
        return rawItem("IMPORT#" + ID, "META");
    }

    private StatusCheck progress(int attempt, ImportStatus status) {
        return new StatusCheck(attempt, NOW.plusSeconds(attempt), 10, status, "IN_PROGRESS", "PENDING", null);
    }

    @Test
    void createImport_whenCalledTwice_writesOnceAndReturnsFalseTheSecondTime() {
        assertThat(store.createImport(pending(ID, ImportType.UPDATE, 100001L))).isTrue();
        ImportRecord other =
                Records.pending(ID, ImportType.TRACK, "someone-else", "user-9", null, 5L, null, false, "hash-2", NOW);

        assertThat(store.createImport(other)).isFalse();

        ImportRecord stored = store.get(ID);
        assertThat(stored.type()).isEqualTo(ImportType.UPDATE);
        assertThat(stored.callerId()).isEqualTo("caller-hash");
        assertThat(stored.request().requestHash()).isEqualTo("hash-1");
        assertThat(stored.status()).isEqualTo(ImportStatus.PENDING);
        assertThat(stored.bankConnectionId()).isEqualTo(100001L);
        assertThat(stored.progress().attempt()).isZero();
    }

    @Test
    void get_whenNoRecord_throwsImportNotFound() {
        assertThat(store.find(ID)).isEmpty();
        assertThat(store.load(ID)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.get(ID))
                .isInstanceOf(ImportNotFoundException.class);
    }

    @Test
    void markWebFormCreated_whenCalledTwice_firstWriterWins() {
        store.createImport(pending(ID, ImportType.IMPORT, null));

        assertThat(store.markWebFormCreated(ID, "wf-1", "https://webform/1", WebFormStatus.NOT_YET_OPENED))
                .isTrue();
        Map<String, AttributeValue> after = meta();
        assertThat(store.markWebFormCreated(ID, "wf-2", "https://webform/2", WebFormStatus.IN_PROGRESS))
                .isFalse();

        assertThat(meta()).isEqualTo(after);
        ImportRecord r = store.get(ID);
        assertThat(r.webFormAndTask().webFormId()).isEqualTo("wf-1");
        assertThat(r.webFormAndTask().webFormUrl()).isEqualTo("https://webform/1");
        assertThat(r.status()).isEqualTo(ImportStatus.WAITING_FOR_USER);
    }

    @Test
    void markWebFormCreated_whenNoRecord_returnsFalseAndCreatesNothing() {
        assertThat(store.markWebFormCreated(ID, "wf-1", "https://webform/1", WebFormStatus.NOT_YET_OPENED))
                .isFalse();
        assertThat(store.find(ID)).isEmpty();
    }

    @Test
    void markStarted_whenCalledTwice_secondIsIgnored() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));

        assertThat(store.markStarted(ID, 100001L, 277672L, NOW, true, List.of(30, 40), List.of(50)))
                .isTrue();
        Map<String, AttributeValue> after = meta();
        assertThat(store.markStarted(ID, 999L, 1L, NOW.plusSeconds(60), false, List.of(), List.of()))
                .isFalse();

        assertThat(meta()).isEqualTo(after);
        ImportRecord r = store.get(ID);
        assertThat(r.progress().startedAt()).isEqualTo(NOW);
        assertThat(r.progress().joinedRunningUpdate()).isTrue();
        assertThat(r.bankId()).isEqualTo(277672L);
        assertThat(r.status()).isEqualTo(ImportStatus.IN_PROGRESS);
        assertThat(r.progress().bankHistory()).containsExactly(30, 40);
        assertThat(r.progress().connectionHistory()).containsExactly(50);
    }

    @Test
    void markStopped_whenCalledTwice_keepsFirstStop() {
        store.createImport(pending(ID, ImportType.IMPORT, null));

        assertThat(store.markStopped(ID, Outcome.USER_ACTION_REQUIRED, "web form aborted"))
                .isTrue();
        Map<String, AttributeValue> after = meta();
        assertThat(store.markStopped(ID, Outcome.FAILED, "something else")).isFalse();

        assertThat(meta()).isEqualTo(after);
        assertThat(store.get(ID).result().stopOutcome()).isEqualTo(Outcome.USER_ACTION_REQUIRED);
        assertThat(store.get(ID).result().stopReason()).isEqualTo("web form aborted");
    }

    @Test
    void recordOutcome_whenCalledTwice_keepsFirstOutcome() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));

        assertThat(store.recordOutcome(
                        ID, Outcome.PARTIALLY_FAILED, List.of("ACCOUNT_FAILED"), "one account failed", 2, NOW))
                .isTrue();
        Map<String, AttributeValue> after = meta();
        assertThat(store.recordOutcome(ID, Outcome.SUCCEEDED, List.of(), null, 5, NOW.plusSeconds(5)))
                .isFalse();

        assertThat(meta()).isEqualTo(after);
        ImportRecord r = store.get(ID);
        assertThat(r.outcome()).isEqualTo(Outcome.PARTIALLY_FAILED);
        assertThat(r.result().warnings()).containsExactly("ACCOUNT_FAILED");
        assertThat(r.result().reason()).isEqualTo("one account failed");
        assertThat(r.result().accountCount()).isEqualTo(2);
        assertThat(r.result().finishedAt()).isEqualTo(NOW);
        assertThat(r.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(r.isFinished()).isTrue();
    }

    @Test
    void recordOutcomeAndGet_returnsTheRecordAsAReadReturnsIt_andEmptyOnceAnOutcomeIsRecorded() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));
        store.markStarted(ID, 100001L, null, NOW, false, List.of(), List.of());

        Optional<ImportRecord> first = store.recordOutcomeAndGet(
                ID, Outcome.SUCCEEDED, List.of("CATEGORIZATION_PENDING"), null, 3, NOW, NOW.plusSeconds(86_400));
        Optional<ImportRecord> again =
                store.recordOutcomeAndGet(ID, Outcome.FAILED, List.of(), "x", 0, NOW.plusSeconds(1), null);

        assertThat(first).contains(store.get(ID));
        assertThat(first.orElseThrow().result().consentExpiresAt()).isEqualTo(NOW.plusSeconds(86_400));
        assertThat(again).isEmpty();
        assertThat(store.get(ID).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void recordOutcome_whenReasonNull_storesNullReason() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));

        store.recordOutcome(ID, Outcome.SUCCEEDED, List.of(), null, 0, NOW);

        assertThat(store.get(ID).result().reason()).isNull();
        assertThat(store.get(ID).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void markStartedAndStopped_afterOutcome_areRefused() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));
        store.recordOutcome(ID, Outcome.FAILED, List.of(), "x", 0, NOW);

        assertThat(store.markStarted(ID, 100001L, null, NOW, false, List.of(), List.of()))
                .isFalse();
        assertThat(store.markStopped(ID, Outcome.FAILED, "y")).isFalse();
        assertThat(store.markWebFormCreated(ID, "wf", "u", WebFormStatus.UNKNOWN))
                .isFalse();
        assertThat(store.get(ID).progress().startedAt()).isNull();
    }

    @Test
    void markNotified_whenCalledTwice_keepsFirstMessageId() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));
        store.recordOutcome(ID, Outcome.SUCCEEDED, List.of(), null, 0, NOW);

        assertThat(store.markNotified(ID, "msg-1", NOW)).isTrue();
        Map<String, AttributeValue> after = meta();
        assertThat(store.markNotified(ID, "msg-2", NOW.plusSeconds(1))).isFalse();

        assertThat(meta()).isEqualTo(after);
        assertThat(store.get(ID).notification().messageId()).isEqualTo("msg-1");
        assertThat(store.get(ID).notification().notifiedAt()).isEqualTo(NOW);
    }

    @Test
    void recordProgress_whenAttemptIsLowerThanStored_isRefused() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));

        assertThat(store.recordProgress(ID, progress(5, ImportStatus.IN_PROGRESS)))
                .isTrue();
        Map<String, AttributeValue> after = meta();
        assertThat(store.recordProgress(ID, progress(4, ImportStatus.CATEGORIZING)))
                .isFalse();

        assertThat(meta()).isEqualTo(after);
        assertThat(store.get(ID).progress().attempt()).isEqualTo(5);
        assertThat(store.get(ID).progress().lastCheckedAt()).isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void recordProgress_whenSameOrHigherAttempt_isApplied() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));
        store.recordProgress(ID, progress(2, ImportStatus.IN_PROGRESS));

        assertThat(store.recordProgress(ID, progress(2, ImportStatus.IN_PROGRESS)))
                .isTrue();
        assertThat(store.recordProgress(ID, progress(3, ImportStatus.CATEGORIZING)))
                .isTrue();

        ImportRecord r = store.get(ID);
        assertThat(r.progress().attempt()).isEqualTo(3);
        assertThat(r.status()).isEqualTo(ImportStatus.CATEGORIZING);
        assertThat(r.progress().updateStatus()).isEqualTo("IN_PROGRESS");
        assertThat(r.progress().categorizationStatus()).isEqualTo("PENDING");
        assertThat(r.progress().nextWaitSeconds()).isEqualTo(10L);
    }

    @Test
    void recordProgress_afterOutcome_isRefused() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));
        store.recordOutcome(ID, Outcome.SUCCEEDED, List.of(), null, 0, NOW);
        Map<String, AttributeValue> after = meta();

        assertThat(store.recordProgress(ID, progress(9, ImportStatus.IN_PROGRESS)))
                .isFalse();

        assertThat(meta()).isEqualTo(after);
        assertThat(store.get(ID).status()).isEqualTo(ImportStatus.COMPLETED);
    }

    @Test
    void putAccounts_with2000Items_writesInBatchesOf25AndLoadReadsAllPages() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));
        // Long names make the items large enough that one Query page (1 MB) cannot hold all of them.
        String padding = "n".repeat(700);
        List<AccountItem> accounts = new ArrayList<>();
        IntStream.rangeClosed(1, 2000)
                .forEach(i -> accounts.add(new AccountItem(
                        i,
                        padding + i,
                        "Checking",
                        "DE•• •••• •••• •••• ••" + String.format("%02d %02d", i % 100, i % 97),
                        "EUR",
                        "UPDATED",
                        "XS2A",
                        false)));
        db.resetCalls();

        int requests = store.putAccounts(ID, accounts);

        assertThat(requests).isEqualTo(80);
        assertThat(db.calls("batchWriteItem")).isEqualTo(80);
        db.resetCalls();
        ImportStore.ImportView view = store.load(ID).orElseThrow();
        assertThat(db.calls("query")).isGreaterThan(1);
        assertThat(view.record().importId()).isEqualTo(ID);
        assertThat(view.accounts()).hasSize(2000);
        assertThat(view.accounts())
                .extracting(AccountItem::accountId)
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 2000).mapToObj(i -> (long) i).toList());
        assertThat(view.accounts().get(41)).isEqualTo(accounts.get(41));
    }

    @Test
    void putAccounts_whenRepeated_overwritesByKeyWithoutDuplicates() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));
        AccountItem downloading =
                new AccountItem(7, "Giro", "Checking", "DE•• 3000", "EUR", "DOWNLOAD_IN_PROGRESS", "XS2A", true);
        AccountItem done = new AccountItem(7, "Giro", "Checking", "DE•• 3000", "EUR", "UPDATED", "XS2A", false);

        store.putAccounts(ID, List.of(downloading));
        store.putAccounts(ID, List.of(done));

        assertThat(store.load(ID).orElseThrow().accounts()).containsExactly(done);
    }

    @Test
    void savePollHistory_whenPreviousIsStale_dropsTheSecondSave() {
        assertThat(histories.read("BANK#1")).isEmpty();
        histories.save("BANK#1", List.of(), List.of(30));
        List<Integer> read = histories.read("BANK#1");

        histories.save("BANK#1", read, List.of(30, 40));
        histories.save("BANK#1", read, List.of(30, 99)); // read before the first save: stale
        histories.save("BANK#1", List.of(), List.of(1)); // "nothing there yet": stale too

        assertThat(histories.read("BANK#1")).containsExactly(30, 40);
    }

    @Test
    void expiresAt_isSetOnImportAccountAndLockItems() {
        store.createImport(pending(ID, ImportType.UPDATE, 100001L));
        Instant before = Instant.now();
        store.putAccounts(ID, List.of(new AccountItem(1, "Giro", "Checking", null, "EUR", "UPDATED", "XS2A", false)));
        Instant leaseUntil = NOW.plusSeconds(600);
        new ConnectionLocks(db::client, db.tableName()).acquire(100001L, ID, null, NOW, leaseUntil);

        assertThat(meta().get("expiresAt").n())
                .isEqualTo(Long.toString(NOW.plus(RETENTION).getEpochSecond()));
        long accountExpiry = Long.parseLong(rawItem("IMPORT#" + ID, String.format("ACCOUNT#%020d", 1))
                .get("expiresAt")
                .n());
        assertThat(accountExpiry)
                .isBetween(
                        before.plus(RETENTION).getEpochSecond(),
                        Instant.now().plus(RETENTION).getEpochSecond());
        assertThat(Long.parseLong(rawItem("LOCK#CONNECTION#100001", "LOCK")
                        .get("expiresAt")
                        .n()))
                .isGreaterThan(leaseUntil.getEpochSecond());
    }

    @Test
    void sealedPsu_isKeptUntilRemoved_andRecordingTheOutcomeRemovesItToo() {
        store.createImport(pending(ID, ImportType.UPDATE, 7L));

        assertThat(store.attachSealedPsu(ID, "c2VhbGVk")).isTrue();
        assertThat(store.sealedPsu(ID)).isEqualTo("c2VhbGVk");
        store.removeSealedPsu(ID);
        assertThat(store.sealedPsu(ID)).isNull();
        assertThat(meta()).doesNotContainKey("sealedPsu");

        store.attachSealedPsu(ID, "YWdhaW4=");
        store.recordOutcome(ID, Outcome.FAILED, List.of(), "x", 0, NOW);
        assertThat(meta()).doesNotContainKey("sealedPsu");
        assertThat(store.attachSealedPsu(ID, "bGF0ZQ=="))
                .as("never after the outcome")
                .isFalse();
    }

    @Test
    void sealedPsu_isNotAttachedOnceTheRunStarted() {
        store.createImport(pending(ID, ImportType.UPDATE, 7L));
        store.markTaskCreated(ID, "5c1b7e2a-0f3d-4c55-9a61-2b7f0c9d8e41", TaskStatus.NOT_YET_STARTED);

        assertThat(store.attachSealedPsu(ID, "c2VhbGVk")).isFalse();
        assertThat(store.get(ID).webFormAndTask().taskId()).isEqualTo("5c1b7e2a-0f3d-4c55-9a61-2b7f0c9d8e41");
        assertThat(store.get(ID).webFormAndTask().taskStatus()).isEqualTo(TaskStatus.NOT_YET_STARTED);
        assertThat(store.markTaskCreated(ID, "other", TaskStatus.IN_PROGRESS))
                .as("one task per import")
                .isFalse();
        assertThat(store.recordTaskStatus(ID, TaskStatus.COMPLETED)).isTrue();
        assertThat(store.get(ID).webFormAndTask().taskStatus()).isEqualTo(TaskStatus.COMPLETED);
    }
}
