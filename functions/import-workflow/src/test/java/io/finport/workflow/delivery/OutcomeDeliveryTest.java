package io.finport.workflow.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.refresh.ConnectionHistory;
import io.finport.workflow.refresh.RefreshConfig;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ImportNotFoundException;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.task.TaskIo.NotifyResult;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import io.finport.workflow.testing.Records;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/** Delivery on DynamoDB Local: one read of the import serves the mute rule, the message and the history. */
class OutcomeDeliveryTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String ID = "imp-0123456789abcdef01234567";

    @Test
    @SuppressWarnings("unchecked")
    void deliver_readsTheImportOnce_publishesOnce_andARepeatPublishesNothing() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        ImportStore store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        store.createImport(
                Records.pending(ID, ImportType.UPDATE, "caller", "user-4711", null, 100001L, null, false, "h", NOW));
        store.recordOutcome(ID, Outcome.SUCCEEDED, List.of(), null, 0, NOW);
        SnsClient sns = mock(SnsClient.class);
        when(sns.publish(any(Consumer.class)))
                .thenReturn(PublishResponse.builder().messageId("msg-1").build());
        OutcomeDelivery delivery = new OutcomeDelivery(
                new OutcomeNotifier(store, () -> sns, "arn:aws:sns:eu-central-1:123456789012:t", new MutableClock(NOW)),
                store,
                new ConnectionHistory(db::client, db.tableName(), new ConnectionOwners(db::client, db.tableName())),
                RefreshConfig.fromEnvironment(Map.of()));
        db.resetCalls();

        NotifyResult first = delivery.deliver(ID);

        assertThat(first).isEqualTo(new NotifyResult("msg-1", false));
        assertThat(db.calls("query"))
                .as("the import read once, for the mute rule, the message and the history")
                .isEqualTo(1);
        assertThat(db.calls("getItem"))
                .as("besides it only the connection's owner, which the history checks")
                .isEqualTo(1);
        assertThat(delivery.deliver(ID)).isEqualTo(new NotifyResult("msg-1", true));
        verify(sns, times(1)).publish(any(Consumer.class));
        assertThat(store.get(ID).notification().messageId()).isEqualTo("msg-1");
        assertThatThrownBy(() -> delivery.deliver("imp-ffffffffffffffffffffffff"))
                .isInstanceOf(ImportNotFoundException.class);
    }
}
