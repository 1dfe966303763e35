package io.finport.workflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.workflow.store.UserDirectory.State;
import io.finport.workflow.testing.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UserDirectoryTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private LocalDynamoDb db;
    private UserDirectory users;

    @BeforeEach
    void setUp() {
        db = LocalDynamoDb.newTable();
        users = new UserDirectory(db::client, db.tableName());
    }

    private static FinapiUserItem user(String caller, String finapiId) {
        return new FinapiUserItem(caller, "user-4711", finapiId, "cipher-" + finapiId, NOW);
    }

    @Test
    void reserve_whenTwoRunsRace_firstWinsAndTheUserIsReadyOnlyAfterMarkReady() {
        assertThat(users.reserve(user("caller-a", "fp-1"), "r1", NOW)).isTrue();
        assertThat(users.reserve(user("caller-a", "fp-2"), "r2", NOW)).isFalse();
        assertThat(users.find("caller-a", "user-4711")).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(State.PENDING);
            assertThat(e.user().finapiUserId()).isEqualTo("fp-1");
        });

        assertThat(users.markReady("caller-a", "user-4711", "r2"))
                .as("not the holder")
                .isFalse();
        assertThat(users.markReady("caller-a", "user-4711", "r1")).isTrue();

        assertThat(users.find("caller-a", "user-4711")).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(State.READY);
            assertThat(e.user()).isEqualTo(user("caller-a", "fp-1"));
            assertThat(e.reservation()).isNull();
        });
    }

    @Test
    void find_isScopedByCaller_sameReferenceOfAnotherCallerIsAnotherUser() {
        users.reserve(user("caller-a", "fp-a"), "r1", NOW);

        assertThat(users.find("caller-b", "user-4711")).isEmpty();
        assertThat(users.reserve(user("caller-b", "fp-b"), "r2", NOW)).isTrue();
        assertThat(users.find("caller-b", "user-4711").orElseThrow().user().finapiUserId())
                .isEqualTo("fp-b");
    }

    @Test
    void takeOver_andRelease_actOnlyOnTheNamedReservation() {
        users.reserve(user("caller-a", "fp-1"), "r1", NOW);

        assertThat(users.takeOver(user("caller-a", "fp-2"), "r-other", "r2", NOW))
                .isFalse();
        assertThat(users.takeOver(user("caller-a", "fp-2"), "r1", "r2", NOW)).isTrue();
        users.release("caller-a", "user-4711", "r1");
        assertThat(users.find("caller-a", "user-4711").orElseThrow().user().finapiUserId())
                .isEqualTo("fp-2");
        users.release("caller-a", "user-4711", "r2");
        assertThat(users.find("caller-a", "user-4711")).isEmpty();
    }

    @Test
    void claimLegacy_whenAnOldUnscopedUserExists_belongsToTheFirstCallerThatAsks() {
        db.client()
                .putItem(b -> b.tableName(db.tableName())
                        .item(Map.of(
                                "pk",
                                AttributeValue.fromS("USER#user-4711"),
                                "sk",
                                AttributeValue.fromS("FINAPI_USER"),
                                "finapiUserId",
                                AttributeValue.fromS("fp-legacy"),
                                "passwordCiphertext",
                                AttributeValue.fromS("c"),
                                "createdAt",
                                AttributeValue.fromS(NOW.toString()))));

        assertThat(users.claimLegacy("caller-a", "user-4711")).hasValueSatisfying(u -> {
            assertThat(u.finapiUserId()).isEqualTo("fp-legacy");
            assertThat(u.callerId())
                    .as("legacy ciphertext is bound to the reference alone")
                    .isNull();
        });
        assertThat(users.claimLegacy("caller-a", "user-4711"))
                .as("again, same caller")
                .isPresent();
        assertThat(users.claimLegacy("caller-b", "user-4711"))
                .as("another caller")
                .isEmpty();
        assertThat(users.claimLegacy("caller-a", "user-other"))
                .as("no legacy item")
                .isEmpty();
    }
}
