package io.finport.workflow.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Single-use callback tokens: {@code CALLBACK#<sha256 of the token> / TOKEN → importId}. The token itself is never
 * stored or logged; it exists only in the URL finAPI is given. Redeeming looks the item up by the hash (a key lookup
 * in DynamoDB, no comparison of secrets in our code) and deletes it in the same request, so a token works once.
 */
public class CallbackTokens {
    /** 32 random bytes, base64url without padding: 43 characters, 256 bits. */
    static final int TOKEN_BYTES = 32;

    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Duration LIFETIME = Duration.ofDays(2);

    private final Supplier<DynamoDbClient> dynamoDb;
    private final String table;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CallbackTokens(Supplier<DynamoDbClient> dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    /** A new token bound to the import; only its hash is written. */
    public String issue(String importId) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Stores.call(
                "issueCallbackToken",
                () -> dynamoDb.get()
                        .putItem(b -> b.tableName(table)
                                .conditionExpression("attribute_not_exists(pk)")
                                .item(Map.of(
                                        "pk", Stores.s(key(token)),
                                        "sk", Stores.s("TOKEN"),
                                        "importId", Stores.s(importId),
                                        "expiresAt",
                                                Stores.n(clock.instant()
                                                        .plus(LIFETIME)
                                                        .getEpochSecond())))));
        return token;
    }

    /**
     * The import the token was issued for, once: the item is deleted by the same request that reads it. Empty for a
     * malformed, unknown, expired or already used token (nothing is written then).
     */
    public Optional<String> redeem(String token) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) return Optional.empty();
        Map<String, AttributeValue> old = Stores.call(
                "redeemCallbackToken",
                () -> dynamoDb.get()
                        .deleteItem(b -> b.tableName(table)
                                .key(Map.of("pk", Stores.s(key(token)), "sk", Stores.s("TOKEN")))
                                .returnValues(ReturnValue.ALL_OLD))
                        .attributes());
        if (old == null || old.isEmpty()) return Optional.empty();
        Long expiresAt = Stores.lng(old, "expiresAt");
        // DynamoDB's TTL deletes late (up to days): an expired token is refused here.
        if (expiresAt != null && expiresAt < clock.instant().getEpochSecond()) return Optional.empty();
        return Optional.ofNullable(Stores.str(old, "importId"));
    }

    static String key(String token) {
        return "CALLBACK#" + sha256(token);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
