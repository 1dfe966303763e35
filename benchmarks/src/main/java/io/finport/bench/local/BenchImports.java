package io.finport.bench.local;

import io.finport.domain.ImportType;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import java.time.Clock;

/** The pending UPDATE import the benchmarks start from, for a sandbox connection of theirs. */
public final class BenchImports {
    private BenchImports() {}

    /** Stores a new pending UPDATE of {@code bankConnectionId} (XS2A, caller "bench") and returns its id. */
    public static String createUpdate(ImportStore store, String userReference, long bankConnectionId) {
        String importId = "imp-" + String.format("%024x", System.nanoTime());
        store.createImport(ImportRecord.pending(
                importId,
                ImportType.UPDATE,
                null,
                bankConnectionId,
                new ImportRecord.Request(
                        "bench",
                        userReference,
                        "XS2A",
                        null,
                        false,
                        "bench",
                        Clock.systemUTC().instant())));
        return importId;
    }
}
