package io.finport.workflow.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CallbackTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");

    @Test
    void issue_whenStored_keepsOnlyTheSha256OfTheTokenBoundToTheImport() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        CallbackTokens tokens = new CallbackTokens(db::client, db.tableName(), new MutableClock(NOW));

        String token = tokens.issue("imp-1");

        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 32 random bytes, 256 bits
        List<Map<String, AttributeValue>> items =
                db.client().scan(b -> b.tableName(db.tableName())).items();
        assertThat(items).hasSize(1);
        Map<String, AttributeValue> item = items.get(0);
        assertThat(item.get("pk").s()).isEqualTo("CALLBACK#" + CallbackTokens.sha256(token));
        assertThat(item.get("importId").s()).isEqualTo("imp-1");
        assertThat(item.toString()).doesNotContain(token);
        assertThat(Long.parseLong(item.get("expiresAt").n())).isGreaterThan(NOW.getEpochSecond());
    }

    @Test
    void sha256_whenComputed_isTheStandardDigest() {
        assertThat(CallbackTokens.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void issue_whenCalledManyTimes_neverRepeatsAToken() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        CallbackTokens tokens = new CallbackTokens(db::client, db.tableName(), new MutableClock(NOW));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) seen.add(tokens.issue("imp-" + i));
        assertThat(seen).hasSize(50);
    }

    @Test
    void redeem_whenUsedTwice_answersTheImportOnceAndDeletesTheToken() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        CallbackTokens tokens = new CallbackTokens(db::client, db.tableName(), new MutableClock(NOW));
        String token = tokens.issue("imp-1");
        String other = tokens.issue("imp-2");

        assertThat(tokens.redeem(token)).contains("imp-1");
        assertThat(tokens.redeem(token)).isEmpty();
        assertThat(tokens.redeem(other)).contains("imp-2");
        assertThat(db.client().scan(b -> b.tableName(db.tableName())).items()).isEmpty();
    }

    @Test
    void redeem_whenUnknownMalformedOrForged_answersNothingAndWritesNothing() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        CallbackTokens tokens = new CallbackTokens(db::client, db.tableName(), new MutableClock(NOW));
        String token = tokens.issue("imp-1");
        db.resetCalls();

        assertThat(tokens.redeem(null)).isEmpty();
        assertThat(tokens.redeem("")).isEmpty();
        assertThat(tokens.redeem(token + "x")).isEmpty();
        assertThat(tokens.redeem("../../IMPORT#imp-1")).isEmpty();
        assertThat(db.calls("deleteItem"))
                .as("malformed tokens never reach DynamoDB")
                .isZero();
        // Right shape, not issued: one lookup by hash that finds nothing.
        String forged = token.substring(0, 42) + (token.charAt(42) == 'A' ? 'B' : 'A');
        assertThat(tokens.redeem(forged)).isEmpty();
        // The hash is what is stored: the stored key itself is no token.
        assertThat(tokens.redeem(CallbackTokens.sha256(token).substring(0, 43))).isEmpty();

        assertThat(db.client().scan(b -> b.tableName(db.tableName())).items()).hasSize(1);
        assertThat(tokens.redeem(token)).contains("imp-1");
    }

    @Test
    void redeem_whenTheTokenExpiredButTtlHasNotDeletedItYet_answersNothing() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        MutableClock clock = new MutableClock(NOW);
        CallbackTokens tokens = new CallbackTokens(db::client, db.tableName(), clock);
        String token = tokens.issue("imp-1");

        clock.advance(Duration.ofDays(3));

        assertThat(tokens.redeem(token)).isEmpty();
    }
}
