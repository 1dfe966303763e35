package io.finport.workflow.store;

import static io.finport.workflow.store.DynamoTable.call;
import static io.finport.workflow.store.DynamoTable.instant;
import static io.finport.workflow.store.DynamoTable.s;
import static io.finport.workflow.store.DynamoTable.str;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Which finAPI user (of which caller and user reference) owns a bank connection: {@code CONNECTION#<id> / OWNER}.
 * Written once, when an IMPORT ends with the connection or when finAPI first confirms an UPDATE/TRACK's connection
 * for the user's token; never changed afterwards.
 */
public class ConnectionOwners {
    private final Supplier<DynamoDbClient> dynamoDb;
    private final String table;

    public ConnectionOwners(Supplier<DynamoDbClient> dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public record Owner(String callerId, String userReference, String finapiUserId, Instant since) {}

    public Optional<Owner> find(long bankConnectionId) {
        return call("findConnectionOwner", () -> {
            var response = dynamoDb.get()
                    .getItem(b -> b.tableName(table).consistentRead(true).key(key(bankConnectionId)));
            if (!response.hasItem() || response.item().isEmpty()) return Optional.<Owner>empty();
            var item = response.item();
            return Optional.of(new Owner(
                    str(item, "callerId"),
                    str(item, "userReference"),
                    str(item, "finapiUserId"),
                    instant(item, "since")));
        });
    }

    /** Records the owner unless one is recorded already; returns the owner that is on record afterwards. */
    public Owner record(long bankConnectionId, Owner owner) {
        boolean written = call("recordConnectionOwner", () -> {
            try {
                dynamoDb.get()
                        .putItem(b -> b.tableName(table)
                                .conditionExpression("attribute_not_exists(pk)")
                                .item(Map.of(
                                        "pk",
                                        key(bankConnectionId).get("pk"),
                                        "sk",
                                        s("OWNER"),
                                        "callerId",
                                        s(owner.callerId()),
                                        "userReference",
                                        s(owner.userReference()),
                                        "finapiUserId",
                                        s(owner.finapiUserId()),
                                        "since",
                                        s(owner.since().toString()))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
        return written ? owner : find(bankConnectionId).orElse(owner);
    }

    private static Map<String, AttributeValue> key(long bankConnectionId) {
        return Map.of("pk", s("CONNECTION#" + bankConnectionId), "sk", s("OWNER"));
    }
}
