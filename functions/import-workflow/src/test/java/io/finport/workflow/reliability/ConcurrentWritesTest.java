package io.finport.workflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.Records;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conditional writes the workflow's exactly-once guarantees rest on, raced by many threads at once against
 * DynamoDB Local: one lock holder per connection, one first import record, one recorded outcome, one notification mark.
 */
class ConcurrentWritesTest {
    private static final int RACERS = 16;
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private LocalDynamoDb db;
    private ImportStore store;

    @BeforeEach
    void newTable() {
        db = LocalDynamoDb.newTable();
        store = new ImportStore(db::client, db.tableName(), Duration.ofDays(30));
    }

    @Test
    void acquireConnectionLock_whenManyImportsRaceForOneConnection_grantsExactlyOne() throws Exception {
        ConnectionLocks locks = new ConnectionLocks(db::client, db.tableName());
        List<Boolean> granted = race(i -> locks.acquire(4711L, "imp-racer-" + i, null, NOW, NOW.plusSeconds(600))
                .isEmpty());

        assertThat(granted).filteredOn(g -> g).hasSize(1);
    }

    @Test
    void createImport_whenTheSameIdRacesItself_writesExactlyOneRecord() throws Exception {
        List<Boolean> created = race(i -> store.createImport(Records.pending(
                "imp-same", ImportType.UPDATE, "caller", "user-1", null, 4711L, "XS2A", false, "hash", NOW)));

        assertThat(created).filteredOn(c -> c).hasSize(1);
    }

    @Test
    void recordOutcome_whenRetriedStepsRace_recordsTheFirstOutcomeOnly() throws Exception {
        store.createImport(Records.pending(
                "imp-outcome", ImportType.UPDATE, "caller", "user-1", null, 4711L, "XS2A", false, "hash", NOW));

        List<Boolean> recorded = race(i -> store.recordOutcome(
                "imp-outcome", i % 2 == 0 ? Outcome.SUCCEEDED : Outcome.FAILED, List.of(), "racer " + i, 0, NOW));

        assertThat(recorded).filteredOn(r -> r).hasSize(1);
        ImportRecord record = store.get("imp-outcome");
        int winner = Integer.parseInt(record.result().reason().substring("racer ".length()));
        assertThat(record.outcome()).isEqualTo(winner % 2 == 0 ? Outcome.SUCCEEDED : Outcome.FAILED);
    }

    @Test
    void markNotified_whenRetriedNotifyStepsRace_marksOnceAndKeepsTheFirstMessageId() throws Exception {
        store.createImport(Records.pending(
                "imp-notify", ImportType.UPDATE, "caller", "user-1", null, 4711L, "XS2A", false, "hash", NOW));
        store.recordOutcome("imp-notify", Outcome.SUCCEEDED, List.of(), null, 0, NOW);

        List<Boolean> marked = race(i -> store.markNotified("imp-notify", "message-" + i, NOW));

        assertThat(marked).filteredOn(m -> m).hasSize(1);
        assertThat(store.get("imp-notify").notification().messageId()).matches("message-\\d+");
    }

    private interface Racer<T> {
        T run(int index) throws Exception;
    }

    private static <T> List<T> race(Racer<T> racer) throws Exception {
        CyclicBarrier start = new CyclicBarrier(RACERS);
        List<T> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(RACERS)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                int index = i;
                Callable<T> task = () -> {
                    start.await();
                    return racer.run(index);
                };
                futures.add(pool.submit(task));
            }
            for (Future<T> f : futures) results.add(f.get());
        }
        return results;
    }
}
