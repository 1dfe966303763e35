package io.finport.workflow.store;

import static io.finport.workflow.store.DynamoTable.call;
import static io.finport.workflow.store.DynamoTable.instant;
import static io.finport.workflow.store.DynamoTable.s;
import static io.finport.workflow.store.DynamoTable.str;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * finAPI users by caller and user reference: {@code USER#<callerId>#<userReference> / FINAPI_USER}. A user is
 * reserved first ({@link State#PENDING}, with the finAPI user id and encrypted password it will get), then created in
 * finAPI by the one reservation holder, then marked {@link State#READY}; whoever loses the reservation waits for it.
 * Items written before users were keyed by caller ({@code USER#<userReference>}) are reached through
 * {@link #claimLegacy}, once, by one caller.
 */
public class UserDirectory {
    private static final String SK = "FINAPI_USER";

    public enum State {
        PENDING,
        READY
    }

    /** A stored user; {@code reservation} and {@code reservedAt} are set while it is PENDING. */
    public record Entry(FinapiUserItem user, State state, String reservation, Instant reservedAt) {}

    private final Supplier<DynamoDbClient> dynamoDb;
    private final String table;

    public UserDirectory(Supplier<DynamoDbClient> dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public Optional<Entry> find(String callerId, String userReference) {
        return call("findUser", () -> {
            var response = dynamoDb.get()
                    .getItem(b -> b.tableName(table).consistentRead(true).key(key(callerId, userReference)));
            if (!response.hasItem() || response.item().isEmpty()) return Optional.<Entry>empty();
            var item = response.item();
            return Optional.of(new Entry(
                    user(callerId, userReference, item),
                    State.PENDING.name().equals(str(item, "userState")) ? State.PENDING : State.READY,
                    str(item, "reservation"),
                    instant(item, "reservedAt")));
        });
    }

    /** Reserves the reference for this user-to-be; false when someone else holds it (PENDING or READY). */
    public boolean reserve(FinapiUserItem user, String reservation, Instant now) {
        return put("reserveUser", pending(user, reservation, now), "attribute_not_exists(pk)", Map.of());
    }

    /** Replaces a stale reservation (its holder died before finishing); false when it changed meanwhile. */
    public boolean takeOver(FinapiUserItem user, String staleReservation, String reservation, Instant now) {
        return put(
                "takeOverUser",
                pending(user, reservation, now),
                "userState = :pending AND reservation = :stale",
                Map.of(":pending", s(State.PENDING.name()), ":stale", s(staleReservation)));
    }

    /** The finAPI user exists: the reservation becomes the user; false when the reservation is no longer ours. */
    public boolean markReady(String callerId, String userReference, String reservation) {
        return call("markUserReady", () -> {
            try {
                dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(key(callerId, userReference))
                                .updateExpression("SET userState = :ready REMOVE reservation, reservedAt")
                                .conditionExpression("userState = :pending AND reservation = :mine")
                                .expressionAttributeValues(Map.of(
                                        ":ready",
                                        s(State.READY.name()),
                                        ":pending",
                                        s(State.PENDING.name()),
                                        ":mine",
                                        s(reservation))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    /** Gives up our reservation (finAPI did not create the user), so the next attempt need not wait for it to go stale. */
    public void release(String callerId, String userReference, String reservation) {
        call("releaseUser", () -> {
            try {
                dynamoDb.get()
                        .deleteItem(b -> b.tableName(table)
                                .key(key(callerId, userReference))
                                .conditionExpression("userState = :pending AND reservation = :mine")
                                .expressionAttributeValues(
                                        Map.of(":pending", s(State.PENDING.name()), ":mine", s(reservation))));
            } catch (ConditionalCheckFailedException e) {
                // not ours any more: nothing to give up
            }
            return null;
        });
    }

    /**
     * A user stored before users were keyed by caller ({@code USER#<userReference>}): the first caller to ask after the
     * upgrade claims it for good; any other caller gets empty (and its own new user).
     */
    public Optional<FinapiUserItem> claimLegacy(String callerId, String userReference) {
        return call("claimLegacyUser", () -> {
            try {
                var response = dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(Map.of("pk", s("USER#" + userReference), "sk", s(SK)))
                                .updateExpression("SET claimedBy = if_not_exists(claimedBy, :me)")
                                .conditionExpression(
                                        "attribute_exists(pk) AND (attribute_not_exists(claimedBy) OR claimedBy = :me)")
                                .expressionAttributeValues(Map.of(":me", s(callerId)))
                                .returnValues(ReturnValue.ALL_NEW));
                return Optional.of(user(null, userReference, response.attributes()));
            } catch (ConditionalCheckFailedException e) {
                return Optional.<FinapiUserItem>empty();
            }
        });
    }

    private boolean put(
            String operation, Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        return call(operation, () -> {
            try {
                dynamoDb.get()
                        .putItem(b -> b.tableName(table)
                                .item(item)
                                .conditionExpression(condition)
                                .expressionAttributeValues(values.isEmpty() ? null : values));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    private static Map<String, AttributeValue> pending(FinapiUserItem user, String reservation, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(user.callerId(), user.userReference()));
        item.put("callerId", s(user.callerId()));
        item.put("finapiUserId", s(user.finapiUserId()));
        item.put("passwordCiphertext", s(user.passwordCiphertext()));
        item.put("createdAt", s(user.createdAt().toString()));
        item.put("userState", s(State.PENDING.name()));
        item.put("reservation", s(reservation));
        item.put("reservedAt", s(now.toString()));
        return item;
    }

    private static FinapiUserItem user(String callerId, String userReference, Map<String, AttributeValue> item) {
        return new FinapiUserItem(
                callerId,
                userReference,
                str(item, "finapiUserId"),
                str(item, "passwordCiphertext"),
                instant(item, "createdAt"));
    }

    private static Map<String, AttributeValue> key(String callerId, String userReference) {
        return Map.of("pk", s("USER#" + callerId + "#" + userReference), "sk", s(SK));
    }
}
