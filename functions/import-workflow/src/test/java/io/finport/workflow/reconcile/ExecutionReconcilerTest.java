package io.finport.workflow.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.workflow.delivery.OutcomeDelivery;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.reconcile.ExecutionReconciler.ExecutionEnded;
import io.finport.workflow.reconcile.ExecutionReconciler.Result;
import io.finport.workflow.refresh.ConnectionHistory;
import io.finport.workflow.refresh.KnownConnection;
import io.finport.workflow.refresh.RefreshConfig;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import io.finport.workflow.testing.Records;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

class ExecutionReconcilerTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String MACHINE = "arn:aws:states:eu-central-1:123456789012:stateMachine:import-workflow";
    private static final String ID = "imp-0123456789abcdef01234567";

    private ImportStore store;
    private ConnectionLocks locks;
    private ConnectionHistory history;
    private SnsClient sns;
    private ExecutionReconciler reconciler;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        locks = new ConnectionLocks(db::client, db.tableName());
        sns = mock(SnsClient.class);
        when(sns.publish(any(Consumer.class)))
                .thenReturn(PublishResponse.builder().messageId("msg-1").build());
        MutableClock clock = new MutableClock(T0);
        ConnectionOwners owners = new ConnectionOwners(db::client, db.tableName());
        owners.record(100001L, new ConnectionOwners.Owner("caller", "alice", "finapi-user-1", T0));
        history = new ConnectionHistory(db::client, db.tableName(), owners);
        OutcomeDelivery delivery = new OutcomeDelivery(
                new OutcomeNotifier(store, () -> sns, "arn:topic", clock),
                store,
                history,
                RefreshConfig.fromEnvironment(Map.of()));
        reconciler = new ExecutionReconciler(store, locks, delivery, MACHINE, clock);
        store.createImport(
                Records.pending(ID, ImportType.UPDATE, "caller", "alice", null, 100001L, "XS2A", false, "h", T0));
        locks.acquire(100001L, ID, null, T0, T0.plus(Duration.ofHours(2)));
    }

    private static ExecutionEnded ended(String status) {
        return new ExecutionEnded(MACHINE.replace(":stateMachine:", ":execution:") + ":" + ID, MACHINE, ID, status);
    }

    @ParameterizedTest
    @CsvSource({"ABORTED, was stopped", "TIMED_OUT, timed out", "FAILED, failed"})
    @SuppressWarnings("unchecked")
    void reconcile_whenNoOutcomeIsRecorded_recordsFailedReleasesTheConnectionAndNotifiesOnce(
            String status, String how) {
        Result first = reconciler.reconcile(ended(status));
        Result again = reconciler.reconcile(ended(status));

        ImportRecord record = store.get(ID);
        assertThat(record.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(record.result().reason())
                .isEqualTo("the workflow " + how + " before it recorded an outcome (execution " + status + ")");
        assertThat(record.notification().notifiedAt()).isNotNull();
        assertThat(locks.holder(100001L)).isEmpty();
        assertThat(first).isEqualTo(new Result(ID, false, true, true));
        assertThat(again).isEqualTo(new Result(ID, false, false, false));
        verify(sns, times(1)).publish(any(Consumer.class));
        // As the workflow's own delivery would: a refresh lists the connection with how its last import ended.
        assertThat(history.find("caller", 100001L))
                .get()
                .extracting(KnownConnection::lastImportId, KnownConnection::lastOutcome)
                .containsExactly(ID, "FAILED");
    }

    @Test
    @SuppressWarnings("unchecked")
    void reconcile_whenTheOutcomeWasRecordedAndNotified_changesNothingButFreesTheConnection() {
        store.recordOutcome(ID, Outcome.SUCCEEDED, List.of(), "2 of 2 accounts updated", 2, T0);
        store.markNotified(ID, "msg-0", T0);

        Result result = reconciler.reconcile(ended("FAILED"));

        assertThat(result).isEqualTo(new Result(ID, false, false, false));
        assertThat(store.get(ID).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(locks.holder(100001L)).isEmpty();
        verify(sns, never()).publish(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void reconcile_whenRecordedButNotYetNotified_sendsTheOneMissingMessage() {
        store.recordOutcome(ID, Outcome.PARTIALLY_FAILED, List.of(), "1 of 2 accounts failed", 2, T0);

        reconciler.reconcile(ended("ABORTED"));

        assertThat(store.get(ID).outcome()).isEqualTo(Outcome.PARTIALLY_FAILED);
        verify(sns, times(1)).publish(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void reconcile_whenTheEventIsNotOneOfOurImports_isSkipped() {
        assertThat(reconciler
                        .reconcile(new ExecutionEnded("x", MACHINE + "-other", ID, "ABORTED"))
                        .ignored())
                .isTrue();
        assertThat(reconciler
                        .reconcile(new ExecutionEnded("x", MACHINE, "not-an-import", "ABORTED"))
                        .ignored())
                .isTrue();
        assertThat(reconciler
                        .reconcile(new ExecutionEnded("x", MACHINE, ID, "SUCCEEDED"))
                        .ignored())
                .isTrue();
        assertThat(reconciler
                        .reconcile(new ExecutionEnded("x", MACHINE, "imp-ffffffffffffffffffffffff", "ABORTED"))
                        .ignored())
                .as("unknown import")
                .isTrue();
        assertThat(store.get(ID).outcome()).isNull();
        verify(sns, never()).publish(any(Consumer.class));
        verify(sns, never()).publish(any(PublishRequest.class));
    }
}
