package io.finport.workflow.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ConnectionOwners.Owner;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.Records;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionHistoryTest {
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private final LocalDynamoDb db = LocalDynamoDb.newTable();
    private final ConnectionOwners owners = new ConnectionOwners(db::client, db.tableName());
    private final ImportStore imports = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
    private final ConnectionHistory history = new ConnectionHistory(db::client, db.tableName(), owners);

    private ImportRecord ended(
            String importId, String caller, String user, long connection, Outcome outcome, Instant at) {
        imports.createImport(
                Records.pending(importId, ImportType.UPDATE, caller, user, null, connection, null, false, "h", at));
        imports.recordOutcome(importId, outcome, List.of(), "r", 1, at);
        return imports.get(importId);
    }

    @Test
    void recordEnded_whenTheCallerOwnsTheConnection_listsItWithItsLastOutcomeAndSuccess() {
        owners.record(100001L, new Owner("caller-a", "alice", "fp", NOW));
        assertThat(history.recordEnded(
                        ended("imp-1", "caller-a", "alice", 100001L, Outcome.SUCCEEDED, NOW.minusSeconds(60))))
                .isTrue();
        assertThat(history.recordEnded(ended("imp-2", "caller-a", "alice", 100001L, Outcome.FAILED, NOW)))
                .isTrue();

        KnownConnection c = history.find("caller-a", 100001L).orElseThrow();
        assertThat(c.lastOutcome()).isEqualTo("FAILED");
        assertThat(c.lastImportId()).isEqualTo("imp-2");
        assertThat(c.lastSuccessAt()).isEqualTo(NOW.minusSeconds(60));
        assertThat(history.callers()).containsExactly("caller-a");
    }

    @Test
    void recordEnded_whenAnOlderImportEndsLate_keepsTheNewerOutcome() {
        owners.record(100001L, new Owner("caller-a", "alice", "fp", NOW));
        history.recordEnded(ended("imp-new", "caller-a", "alice", 100001L, Outcome.SUCCEEDED, NOW));

        assertThat(history.recordEnded(
                        ended("imp-old", "caller-a", "alice", 100001L, Outcome.FAILED, NOW.minusSeconds(30))))
                .isFalse();
        assertThat(history.find("caller-a", 100001L).orElseThrow().lastOutcome())
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void recordEnded_whenTheConnectionIsAnotherCallersOrUnowned_recordsNothing() {
        owners.record(100001L, new Owner("caller-b", "alice", "fp", NOW));
        assertThat(history.recordEnded(ended("imp-1", "caller-a", "alice", 100001L, Outcome.SUCCEEDED, NOW)))
                .isFalse();
        assertThat(history.recordEnded(ended("imp-2", "caller-a", "alice", 100002L, Outcome.SUCCEEDED, NOW)))
                .isFalse();

        List<KnownConnection> listed = new ArrayList<>();
        history.forEach("caller-a", listed::add);
        assertThat(listed).isEmpty();
        assertThat(history.callers()).isEmpty();
    }

    @Test
    void forEach_whenConnectionsHaveUnattendedUpdatesAndConsent_returnsEachOnceWithItsOwn() {
        for (long id : new long[] {100001L, 100002L, 100003L}) {
            owners.record(id, new Owner("caller-a", "alice", "fp", NOW));
            history.recordEnded(
                    ended("imp-" + id, "caller-a", "alice", id, Outcome.SUCCEEDED, NOW.minus(Duration.ofDays(1))));
        }
        history.recordUnattendedUpdate("caller-a", 100002L, "imp-u1", NOW.minus(Duration.ofHours(3)));
        history.recordUnattendedUpdate("caller-a", 100002L, "imp-u2", NOW.minus(Duration.ofHours(2)));
        history.recordUnattendedUpdate("caller-a", 100002L, "imp-u2", NOW.minus(Duration.ofHours(2))); // retried: once
        history.recordConsentExpiry("caller-a", 100003L, NOW.minusSeconds(1));
        history.recordConsentExpiry("caller-a", 999999L, NOW); // unknown connection: no item appears

        List<KnownConnection> listed = new ArrayList<>();
        history.forEach("caller-a", listed::add);

        assertThat(listed).extracting(KnownConnection::bankConnectionId).containsExactly(100001L, 100002L, 100003L);
        assertThat(listed.get(0).unattendedUpdates()).isEmpty();
        assertThat(listed.get(1).unattendedUpdates()).hasSize(2);
        assertThat(listed.get(2).consentExpiresAt()).isEqualTo(NOW.minusSeconds(1));
        assertThat(history.find("caller-a", 100002L).orElseThrow().unattendedUpdates())
                .hasSize(2);
        assertThat(history.find("caller-a", 999999L)).isEmpty();
    }
}
