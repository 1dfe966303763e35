package io.finport.bench.local;

import io.finport.domain.ImportType;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The pending UPDATE import the benchmarks start from, as {@code POST /imports} leaves it: the record, and the
 * connection's lock held by the import (so the end of the run releases a lock it holds, as on AWS, rather than taking
 * the SDK's exception path of a conditional delete that finds no lock).
 */
public final class BenchImports {
    private final ImportStore store;
    private final ConnectionLocks locks;

    public BenchImports(ImportStore store, ConnectionLocks locks) {
        this.store = store;
        this.locks = locks;
    }

    /** Stores a new pending UPDATE of {@code bankConnectionId} (XS2A, caller "bench"), takes its lock, returns its id. */
    public String createUpdate(String userReference, long bankConnectionId) {
        String importId = "imp-" + String.format("%024x", System.nanoTime());
        Instant now = Clock.systemUTC().instant();
        store.createImport(ImportRecord.pending(
                importId,
                ImportType.UPDATE,
                null,
                bankConnectionId,
                new ImportRecord.Request("bench", userReference, "XS2A", null, false, "bench", now)));
        if (locks.acquire(bankConnectionId, importId, null, now, now.plus(Duration.ofMinutes(15)))
                .isPresent()) {
            throw new IllegalStateException("connection " + bankConnectionId + " is locked by another import");
        }
        return importId;
    }
}
