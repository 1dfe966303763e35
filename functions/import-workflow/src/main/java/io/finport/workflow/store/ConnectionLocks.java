package io.finport.workflow.store;

import static io.finport.workflow.store.DynamoTable.call;
import static io.finport.workflow.store.DynamoTable.instant;
import static io.finport.workflow.store.DynamoTable.n;
import static io.finport.workflow.store.DynamoTable.s;
import static io.finport.workflow.store.DynamoTable.str;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One run per bank connection: {@code LOCK#CONNECTION#<id> / LOCK} names the import (and its Step Functions
 * execution) that runs it. A lease bounds how long a lost lock can block; {@link #takeOver} frees it at once when
 * the holder's execution is known to be over. {@link #release} frees it at the end of a run.
 */
public class ConnectionLocks {
    private final Supplier<DynamoDbClient> dynamoDb;
    private final String table;

    public ConnectionLocks(Supplier<DynamoDbClient> dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** Who holds a connection: the import, its execution (null on locks written before it was stored) and since when. */
    public record Holder(String importId, String executionArn, Instant takenAt) {}

    /**
     * Takes the connection unless another import holds an unexpired lease; re-entrant for the same import.
     *
     * @return empty when taken, else the holder
     */
    public Optional<Holder> acquire(
            long bankConnectionId, String importId, String executionArn, Instant now, Instant leaseUntil) {
        return call("acquireConnectionLock", () -> {
            try {
                dynamoDb.get()
                        .putItem(b -> b.tableName(table)
                                .item(item(bankConnectionId, importId, executionArn, now, leaseUntil))
                                .conditionExpression("attribute_not_exists(pk) OR importId = :me OR leaseUntil < :now")
                                .expressionAttributeValues(
                                        Map.of(":me", s(importId), ":now", n(now.getEpochSecond()))));
                return Optional.<Holder>empty();
            } catch (ConditionalCheckFailedException e) {
                return Optional.of(holder(bankConnectionId).orElse(new Holder(null, null, null)));
            }
        });
    }

    /** Replaces a dead holder's lock by ours; false when the lock changed hands meanwhile (then ask again). */
    public boolean takeOver(
            long bankConnectionId,
            String deadImportId,
            String importId,
            String executionArn,
            Instant now,
            Instant leaseUntil) {
        return call("takeOverConnectionLock", () -> {
            try {
                dynamoDb.get()
                        .putItem(b -> b.tableName(table)
                                .item(item(bankConnectionId, importId, executionArn, now, leaseUntil))
                                .conditionExpression("importId = :dead")
                                .expressionAttributeValues(Map.of(":dead", s(deadImportId))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    public Optional<Holder> holder(long bankConnectionId) {
        return call("connectionLockHolder", () -> {
            var response = dynamoDb.get()
                    .getItem(b -> b.tableName(table)
                            .consistentRead(true)
                            .key(Map.of("pk", s(lockKey(bankConnectionId)), "sk", s("LOCK"))));
            if (!response.hasItem() || response.item().isEmpty()) return Optional.<Holder>empty();
            var item = response.item();
            return Optional.of(new Holder(str(item, "importId"), str(item, "executionArn"), instant(item, "takenAt")));
        });
    }

    /** Frees the connection if this import still holds it. */
    public void release(long bankConnectionId, String importId) {
        call("releaseConnectionLock", () -> {
            try {
                dynamoDb.get()
                        .deleteItem(b -> b.tableName(table)
                                .key(Map.of("pk", s(lockKey(bankConnectionId)), "sk", s("LOCK")))
                                .conditionExpression("importId = :me")
                                .expressionAttributeValues(Map.of(":me", s(importId))));
            } catch (ConditionalCheckFailedException e) {
                // released already, or taken over after our lease expired: nothing of ours to release
            }
            return null;
        });
    }

    static String lockKey(long bankConnectionId) {
        return "LOCK#CONNECTION#" + bankConnectionId;
    }

    private static Map<String, AttributeValue> item(
            long bankConnectionId, String importId, String executionArn, Instant now, Instant leaseUntil) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(lockKey(bankConnectionId)));
        item.put("sk", s("LOCK"));
        item.put("importId", s(importId));
        if (executionArn != null) item.put("executionArn", s(executionArn));
        item.put("takenAt", s(now.toString()));
        item.put("leaseUntil", n(leaseUntil.getEpochSecond()));
        item.put("expiresAt", n(leaseUntil.plus(Duration.ofDays(1)).getEpochSecond()));
        return item;
    }
}
