package io.finport.workflow.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finport.workflow.callback.CallbackWaits.Wake;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CallbackWaitsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");

    /** Records the tokens it resumed; tokens listed in stale no longer wait (timed out). */
    private static final class RecordingResumer implements TaskResumer {
        final List<String> resumed = new CopyOnWriteArrayList<>();
        final List<String> stale = new CopyOnWriteArrayList<>();

        @Override
        public boolean resume(String taskToken) {
            if (stale.contains(taskToken)) return false;
            resumed.add(taskToken);
            return true;
        }
    }

    private final LocalDynamoDb db = LocalDynamoDb.newTable();
    private final RecordingResumer resumer = new RecordingResumer();
    private final CallbackWaits waits =
            new CallbackWaits(db::client, db.tableName(), () -> resumer, new MutableClock(NOW));

    @Test
    void wake_whenARunWaits_resumesItsTaskOnce() {
        waits.register("imp-1", "task-token-1");

        assertThat(waits.wake("imp-1")).isEqualTo(Wake.RESUMED);
        assertThat(resumer.resumed).containsExactly("task-token-1");
        // The token is gone: a second callback cannot resume the same wait again.
        assertThat(waits.wake("imp-1")).isEqualTo(Wake.PENDING);
        assertThat(resumer.resumed).containsExactly("task-token-1");
    }

    @Test
    void register_whenTheCallbackCameFirst_endsTheWaitAtOnceAndConsumesTheMark() {
        assertThat(waits.wake("imp-1")).isEqualTo(Wake.PENDING);

        assertThatThrownBy(() -> waits.register("imp-1", "task-token-1"))
                .isInstanceOf(CallbackAlreadyArrivedException.class)
                .hasMessageNotContaining("task-token-1");
        assertThat(resumer.resumed).isEmpty();
        // The mark was used up: the next wait waits.
        waits.register("imp-1", "task-token-2");
        assertThat(waits.wake("imp-1")).isEqualTo(Wake.RESUMED);
        assertThat(resumer.resumed).containsExactly("task-token-2");
    }

    @Test
    void wake_whenTheStoredWaitTimedOut_leavesAMarkForTheNextWait() {
        waits.register("imp-1", "task-token-1");
        resumer.stale.add("task-token-1"); // the wait timed out into a status check

        assertThat(waits.wake("imp-1")).isEqualTo(Wake.PENDING);

        assertThatThrownBy(() -> waits.register("imp-1", "task-token-2"))
                .isInstanceOf(CallbackAlreadyArrivedException.class);
    }

    @Test
    void wake_whenAnotherImportWaits_touchesOnlyItsOwnImport() {
        waits.register("imp-2", "task-token-2");

        assertThat(waits.wake("imp-1")).isEqualTo(Wake.PENDING);

        assertThat(resumer.resumed).isEmpty();
        assertThat(waits.wake("imp-2")).isEqualTo(Wake.RESUMED);
        assertThat(resumer.resumed).containsExactly("task-token-2");
    }

    @Test
    void registerAndWake_whenRacing_resumeTheRunExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 40; i++) {
                String importId = "imp-race-" + i;
                String token = "task-token-" + i;
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> registered = pool.submit(() -> {
                    go.await();
                    try {
                        waits.register(importId, token);
                        return false;
                    } catch (CallbackAlreadyArrivedException e) {
                        return true; // the wait ended itself
                    }
                });
                Future<Wake> woken = pool.submit(() -> {
                    go.await();
                    return waits.wake(importId);
                });
                go.countDown();
                boolean endedItself = registered.get();
                Wake wake = woken.get();
                long resumedByCallback =
                        resumer.resumed.stream().filter(token::equals).count();

                assertThat(resumedByCallback + (endedItself ? 1 : 0))
                        .as("round %d: resumed by the callback %d, ended itself %s", i, resumedByCallback, endedItself)
                        .isEqualTo(1);
                assertThat(wake == Wake.RESUMED).isEqualTo(resumedByCallback == 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
