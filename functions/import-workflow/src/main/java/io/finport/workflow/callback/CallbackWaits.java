package io.finport.workflow.callback;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Meets a run that waits for finAPI and finAPI's callback, in whichever order they come:
 * {@code WAIT#<importId> / CALLBACK} holds the waiting task's token ({@code taskToken}) or, when the callback came
 * first, {@code woken}. Both sides take the other's mark with a conditional write, so exactly one of them resumes the
 * run and a callback is never lost between two waits. The task token stays in DynamoDB only: never logged, never
 * returned, never in an exception.
 */
public class CallbackWaits {
    private static final Duration LIFETIME = Duration.ofDays(2);

    /** What a callback did. */
    public enum Wake {
        /** The waiting run was resumed. */
        RESUMED,
        /** No run waits right now: the next wait ends at once. */
        PENDING
    }

    private final Supplier<DynamoDbClient> dynamoDb;
    private final String table;
    private final Supplier<TaskResumer> resumer;
    private final Clock clock;

    /** The resumer is built on first use: registering a wait needs no Step Functions client. */
    public CallbackWaits(Supplier<DynamoDbClient> dynamoDb, String table, Supplier<TaskResumer> resumer, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.resumer = resumer;
        this.clock = clock;
    }

    /**
     * Stores the run's task token. If a callback came first, takes the token back and throws
     * {@link CallbackAlreadyArrivedException}, which ends the wait at once.
     */
    public void register(String importId, String taskToken) {
        Map<String, AttributeValue> old = Stores.call(
                "registerCallbackWait",
                () -> dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(key(importId))
                                .updateExpression("SET taskToken = :t, expiresAt = :e REMOVE woken")
                                .expressionAttributeValues(Map.of(":t", Stores.s(taskToken), ":e", expiry()))
                                .returnValues(ReturnValue.ALL_OLD))
                        .attributes());
        if (!Stores.bool(old, "woken")) return;
        try {
            Stores.call(
                    "takeBackCallbackWait",
                    () -> dynamoDb.get()
                            .updateItem(b -> b.tableName(table)
                                    .key(key(importId))
                                    .updateExpression("REMOVE taskToken")
                                    .conditionExpression("taskToken = :t")
                                    .expressionAttributeValues(Map.of(":t", Stores.s(taskToken)))));
        } catch (ConditionalCheckFailedException e) {
            return; // a second callback took the token meanwhile and resumes the run itself
        }
        throw new CallbackAlreadyArrivedException();
    }

    /** finAPI called back for this import: resume the waiting run, or leave a mark the next wait finds. */
    public Wake wake(String importId) {
        for (int round = 0; round < 2; round++) {
            String token = takeToken(importId);
            if (token != null && resumer.get().resume(token)) return Wake.RESUMED;
            // Nobody waits (or the wait timed out into a status check): mark it. If a wait registered meanwhile
            // without seeing the mark, its token is there now: take it in the next round.
            Map<String, AttributeValue> now = Stores.call(
                    "markCallbackWoken",
                    () -> dynamoDb.get()
                            .updateItem(b -> b.tableName(table)
                                    .key(key(importId))
                                    .updateExpression("SET woken = :w, expiresAt = :e")
                                    .expressionAttributeValues(
                                            Map.of(":w", AttributeValue.fromBool(true), ":e", expiry()))
                                    .returnValues(ReturnValue.ALL_NEW))
                            .attributes());
            if (Stores.str(now, "taskToken") == null) return Wake.PENDING;
        }
        return Wake.PENDING;
    }

    /** Removes and returns the waiting task's token (and the mark, which this callback then answers), or null. */
    private String takeToken(String importId) {
        try {
            Map<String, AttributeValue> old = Stores.call(
                    "takeCallbackWait",
                    () -> dynamoDb.get()
                            .updateItem(b -> b.tableName(table)
                                    .key(key(importId))
                                    .updateExpression("REMOVE taskToken, woken")
                                    .conditionExpression("attribute_exists(taskToken)")
                                    .returnValues(ReturnValue.ALL_OLD))
                            .attributes());
            return Stores.str(old, "taskToken");
        } catch (ConditionalCheckFailedException e) {
            return null;
        }
    }

    private AttributeValue expiry() {
        return Stores.n(clock.instant().plus(LIFETIME).getEpochSecond());
    }

    private static Map<String, AttributeValue> key(String importId) {
        return Map.of("pk", Stores.s("WAIT#" + importId), "sk", Stores.s("CALLBACK"));
    }
}
