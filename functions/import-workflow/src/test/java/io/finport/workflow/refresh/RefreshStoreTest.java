package io.finport.workflow.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.workflow.testing.LocalDynamoDb;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private final LocalDynamoDb db = LocalDynamoDb.newTable();
    private final RefreshStore store =
            new RefreshStore(db::client, db.tableName(), Duration.ofDays(90), Clock.systemUTC());

    @Test
    void recordItem_whenAnItemIsCountedTwice_countsItOnce() {
        assertThat(store.create("ref-1", "caller-a", List.of("alice"), "hash", "API", NOW))
                .isTrue();
        assertThat(store.create("ref-1", "caller-a", List.of(), "other", "API", NOW))
                .as("the same id again")
                .isFalse();
        store.manifestWritten(
                "ref-1", 5, 3, Map.of(SkipReason.LOCKED, 1L, SkipReason.CONSENT_EXPIRED, 1L), "s3://b/k", NOW);

        assertThat(store.recordItem("ref-1", 1L, RefreshStore.OUTCOME + "SUCCEEDED", "imp-1"))
                .isTrue();
        assertThat(store.recordItem("ref-1", 1L, RefreshStore.OUTCOME + "SUCCEEDED", "imp-1"))
                .isFalse();
        assertThat(store.recordItem("ref-1", 2L, RefreshStore.OUTCOME + "FAILED", "imp-2"))
                .isTrue();
        assertThat(store.recordItem("ref-1", 3L, RefreshStore.SKIP + "LOCKED", null))
                .isTrue();

        RefreshRecord r = store.find("ref-1").orElseThrow();
        assertThat(r.status()).isEqualTo(RefreshStatus.RUNNING);
        assertThat(r.userReferences()).containsExactly("alice");
        assertThat(r.outcomes()).isEqualTo(Map.of("SUCCEEDED", 1L, "FAILED", 1L));
        assertThat(r.skipped())
                .containsEntry("LOCKED", 2L)
                .containsEntry("CONSENT_EXPIRED", 1L)
                .containsEntry("UNATTENDED_LIMIT", 0L);
        assertThat(r.done()).isEqualTo(5);
        assertThat(store.items("ref-1"))
                .containsEntry(1L, "outcome_SUCCEEDED")
                .containsEntry(3L, "skip_LOCKED")
                .hasSize(3);
    }

    @Test
    void finish_whenALiveCounterMissedAnItem_countsFromTheItems() {
        store.create("ref-3", "caller-a", List.of(), "hash", "API", NOW);
        store.recordItem("ref-3", 1L, RefreshStore.OUTCOME + "SUCCEEDED", "imp-1");
        // A step that died after writing its item and before raising the counter:
        db.client()
                .putItem(b -> b.tableName(db.tableName())
                        .item(Map.of(
                                "pk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                "REFRESH#ref-3"),
                                "sk",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                String.format("ITEM#%020d", 2L)),
                                "result",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                                                "outcome_SUCCEEDED"),
                                "bankConnectionId",
                                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("2"))));
        assertThat(store.find("ref-3").orElseThrow().outcomes()).containsEntry("SUCCEEDED", 1L);

        store.finish("ref-3", RefreshStatus.COMPLETED, null, NOW);
        assertThat(store.find("ref-3").orElseThrow().outcomes()).isEqualTo(Map.of("SUCCEEDED", 2L));
    }

    @Test
    void manifestWrittenAndFinish_whenRepeated_keepTheFirstWrite() {
        store.create("ref-2", null, List.of(), null, "SCHEDULE", NOW);
        store.manifestWritten("ref-2", 10, 8, Map.of(), "s3://b/first", NOW);
        store.manifestWritten("ref-2", 99, 99, Map.of(), "s3://b/second", NOW);
        assertThat(store.finish("ref-2", RefreshStatus.COMPLETED, "s3://b/results", NOW))
                .isTrue();
        assertThat(store.finish("ref-2", RefreshStatus.FAILED, null, NOW)).isFalse();
        assertThat(store.markNotified("ref-2", "m-1", NOW)).isTrue();
        assertThat(store.markNotified("ref-2", "m-2", NOW)).isFalse();

        RefreshRecord r = store.find("ref-2").orElseThrow();
        assertThat(r.connections()).isEqualTo(10);
        assertThat(r.manifestLocation()).isEqualTo("s3://b/first");
        assertThat(r.status()).isEqualTo(RefreshStatus.COMPLETED);
        assertThat(r.resultsLocation()).isEqualTo("s3://b/results");
        assertThat(r.callerId()).isNull();
    }
}
