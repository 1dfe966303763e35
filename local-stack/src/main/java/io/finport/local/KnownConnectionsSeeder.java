package io.finport.local;

import io.finport.domain.Outcome;
import io.finport.workflow.refresh.ConnectionHistory;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ConnectionOwners.Owner;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Gives generated connections the past a refresh looks at, written by the product's own classes: the owner record
 * (as an ended import writes it), a past import record with its outcome, the connection history entry the Notify step
 * writes from it, and where a past calls for them, unattended updates and an expired consent. It stands in for the
 * days of imports that would have made these connections known; everything after it is the real refresh.
 */
public final class KnownConnectionsSeeder {
    /** The past a connection can have; each maps to the refresh's reaction (eligible, or one skip reason). */
    public enum Past {
        /** Last import SUCCEEDED a day ago: the refresh updates it. */
        ELIGIBLE,
        /** Last import SUCCEEDED an hour ago: within the refresh window. */
        REFRESHED_RECENTLY,
        /** Four unattended updates in the last 24 h (PSD2's daily budget spent). */
        UNATTENDED_LIMIT,
        /** Last import ended USER_ACTION_REQUIRED. */
        USER_ACTION_REQUIRED,
        /** The XS2A consent expired an hour ago. */
        CONSENT_EXPIRED
    }

    private final ImportStore imports;
    private final ConnectionOwners owners;
    private final ConnectionHistory history;

    public KnownConnectionsSeeder(DynamoDbClient dynamoDb, String table) {
        this.imports = new ImportStore(() -> dynamoDb, table, Duration.ofDays(90));
        this.owners = new ConnectionOwners(() -> dynamoDb, table);
        this.history = new ConnectionHistory(() -> dynamoDb, table, owners);
    }

    public static KnownConnectionsSeeder of(LocalStack stack) {
        return new KnownConnectionsSeeder(
                stack.clients().dynamoDb(), stack.deployed().tableName());
    }

    /** Records the connection as the caller's user's, with this past. */
    public void seed(String callerId, String userReference, long bankConnectionId, Past past, Instant now) {
        owners.record(
                bankConnectionId,
                new Owner(callerId, userReference, "seeded-" + userReference, now.minus(Duration.ofDays(30))));
        Outcome outcome = past == Past.USER_ACTION_REQUIRED ? Outcome.USER_ACTION_REQUIRED : Outcome.SUCCEEDED;
        Duration ago = switch (past) {
            case REFRESHED_RECENTLY -> Duration.ofHours(1);
            case UNATTENDED_LIMIT -> Duration.ofHours(7);
            case USER_ACTION_REQUIRED -> Duration.ofHours(2);
            default -> Duration.ofDays(1);
        };
        String importId = "imp-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        Instant finished = now.minus(ago);
        imports.createImport(ImportRecord.pendingUpdate(
                importId, callerId, userReference, bankConnectionId, "seeded", finished.minusSeconds(10)));
        imports.recordOutcome(importId, outcome, List.of(), "seeded past", 1, finished);
        if (!history.recordEnded(imports.get(importId))) {
            throw new IllegalStateException("connection history refused the seeded import of " + bankConnectionId);
        }
        if (past == Past.UNATTENDED_LIMIT) {
            for (int i = 0; i < 4; i++) {
                history.recordUnattendedUpdate(
                        callerId,
                        bankConnectionId,
                        "imp-seeded-" + bankConnectionId + "-" + i,
                        now.minus(Duration.ofHours(20 - 3L * i)));
            }
        }
        if (past == Past.CONSENT_EXPIRED)
            history.recordConsentExpiry(callerId, bankConnectionId, now.minus(Duration.ofHours(1)));
    }
}
