package io.finport.workflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.workflow.store.ConnectionOwners.Owner;
import io.finport.workflow.testing.LocalDynamoDb;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionOwnersTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void record_whenAnOwnerIsOnRecord_keepsTheFirstAndReturnsIt() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        ConnectionOwners owners = new ConnectionOwners(db::client, db.tableName());
        Owner alice = new Owner("caller-a", "alice", "fp-a", NOW);
        Owner bob = new Owner("caller-b", "bob", "fp-b", NOW.plusSeconds(1));

        assertThat(owners.find(100001L)).isEmpty();
        assertThat(owners.record(100001L, alice)).isEqualTo(alice);
        assertThat(owners.record(100001L, bob)).isEqualTo(alice);

        assertThat(owners.find(100001L)).contains(alice);
        assertThat(owners.find(100002L)).isEmpty();
    }
}
