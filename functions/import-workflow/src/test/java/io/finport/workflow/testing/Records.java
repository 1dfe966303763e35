package io.finport.workflow.testing;

import io.finport.domain.ImportType;
import io.finport.workflow.store.ImportRecord;
import java.time.Instant;

/** Import records for tests, in the order a request names its fields. */
public final class Records {
    private Records() {}

    public static ImportRecord pending(
            String importId,
            ImportType type,
            String callerId,
            String userReference,
            Long bankId,
            Long bankConnectionId,
            String bankingInterface,
            boolean importNewAccounts,
            String requestHash,
            Instant createdAt) {
        return ImportRecord.pending(
                importId,
                type,
                bankId,
                bankConnectionId,
                new ImportRecord.Request(
                        callerId, userReference, bankingInterface, null, importNewAccounts, requestHash, createdAt));
    }
}
