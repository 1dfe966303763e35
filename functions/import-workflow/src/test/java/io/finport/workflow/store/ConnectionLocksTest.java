package io.finport.workflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.workflow.store.ConnectionLocks.Holder;
import io.finport.workflow.testing.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionLocksTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String ARN_A = "arn:aws:states:eu-central-1:123456789012:execution:sm:imp-a";
    private ConnectionLocks locks;
    private ImportStore store;

    @BeforeEach
    void setUp() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        locks = new ConnectionLocks(db::client, db.tableName());
        store = new ImportStore(db::client, db.tableName(), Duration.ofDays(1));
    }

    @Test
    void acquire_whenFree_isGrantedReentrantAndRecordsTheExecution() {
        assertThat(locks.acquire(100001L, "imp-a", ARN_A, NOW, NOW.plusSeconds(600)))
                .isEmpty();
        assertThat(locks.acquire(100001L, "imp-a", ARN_A, NOW.plusSeconds(5), NOW.plusSeconds(605)))
                .isEmpty();

        assertThat(locks.holder(100001L)).contains(new Holder("imp-a", ARN_A, NOW.plusSeconds(5)));
    }

    @Test
    void acquire_whenHeldByAnotherImport_reportsTheHolderAndOtherConnectionsAreIndependent() {
        locks.acquire(100001L, "imp-a", ARN_A, NOW, NOW.plusSeconds(600));

        assertThat(locks.acquire(100001L, "imp-b", null, NOW.plusSeconds(599), NOW.plusSeconds(1200)))
                .hasValueSatisfying(h -> assertThat(h.importId()).isEqualTo("imp-a"));
        assertThat(locks.acquire(100002L, "imp-b", null, NOW, NOW.plusSeconds(600)))
                .isEmpty();
    }

    @Test
    void acquire_whenLeaseExpired_isTakenOver() {
        locks.acquire(100001L, "imp-a", ARN_A, NOW, NOW.plusSeconds(600));

        assertThat(locks.acquire(100001L, "imp-b", null, NOW.plusSeconds(601), NOW.plusSeconds(1200)))
                .isEmpty();
        assertThat(locks.holder(100001L))
                .hasValueSatisfying(h -> assertThat(h.importId()).isEqualTo("imp-b"));
    }

    @Test
    void takeOver_replacesOnlyTheNamedDeadHolder() {
        locks.acquire(100001L, "imp-a", ARN_A, NOW, NOW.plusSeconds(600));

        assertThat(locks.takeOver(100001L, "imp-x", "imp-b", null, NOW, NOW.plusSeconds(600)))
                .isFalse();
        assertThat(locks.takeOver(100001L, "imp-a", "imp-b", null, NOW, NOW.plusSeconds(600)))
                .isTrue();
        assertThat(locks.takeOver(100001L, "imp-a", "imp-c", null, NOW, NOW.plusSeconds(600)))
                .as("the dead holder is gone: a second taker loses")
                .isFalse();
        assertThat(locks.holder(100001L))
                .hasValueSatisfying(h -> assertThat(h.importId()).isEqualTo("imp-b"));
    }

    @Test
    void release_whenCalledByNonOwner_keepsTheLock() {
        locks.acquire(100001L, "imp-a", ARN_A, NOW, NOW.plusSeconds(600));

        locks.release(100001L, "imp-b");

        assertThat(locks.holder(100001L))
                .hasValueSatisfying(h -> assertThat(h.importId()).isEqualTo("imp-a"));
        locks.release(100001L, "imp-a");
        assertThat(locks.holder(100001L)).isEmpty();
        locks.release(100001L, "imp-a"); // a second release by a former owner is harmless
        assertThat(locks.acquire(100001L, "imp-c", null, NOW, NOW.plusSeconds(600)))
                .isEmpty();
    }
}
