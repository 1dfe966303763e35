package io.finport.workflow.refresh;

import static io.finport.workflow.refresh.Attributes.call;
import static io.finport.workflow.refresh.Attributes.instant;
import static io.finport.workflow.refresh.Attributes.millis;
import static io.finport.workflow.refresh.Attributes.n;
import static io.finport.workflow.refresh.Attributes.num;
import static io.finport.workflow.refresh.Attributes.s;
import static io.finport.workflow.refresh.Attributes.str;

import io.finport.domain.Outcome;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ConnectionOwners.Owner;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.SortKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * A caller's known bank connections, one partition per caller: {@code CALLER#<callerId>#CONNECTIONS /
 * CONNECTION#<id>} holds the last outcome and times, written when an import of a connection the caller owns ends
 * (ownership as {@link ConnectionOwners} records it: a connection that is not the caller's never gets here);
 * {@code .../CONNECTION#<id>#UNATTENDED#<importId>} marks one unattended (refresh-started) update, kept two days. One
 * Query returns a connection with its unattended updates, so listing a caller's connections for a refresh is a paged
 * Query, not a Scan. {@code CALLERS / <callerId>} lists the callers a scheduled refresh covers.
 */
public class ConnectionHistory {
    private static final String CALLERS = "CALLERS";
    private static final Duration UNATTENDED_KEPT = Duration.ofDays(2);

    private final Supplier<DynamoDbClient> dynamoDb;
    private final String table;
    private final ConnectionOwners owners;

    public ConnectionHistory(Supplier<DynamoDbClient> dynamoDb, String table, ConnectionOwners owners) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.owners = owners;
    }

    /**
     * Records how an import ended, for the connection's owner only; false when there is nothing to record (no
     * connection, no outcome yet, or the connection is not on record as the import's caller's and user's).
     */
    public boolean recordEnded(ImportRecord r) {
        Instant finished = r.result().finishedAt();
        if (r.bankConnectionId() == null || r.outcome() == null || finished == null || r.callerId() == null) {
            return false;
        }
        Optional<Owner> owner = owners.find(r.bankConnectionId());
        if (owner.isEmpty()
                || !owner.get().callerId().equals(r.callerId())
                || !owner.get().userReference().equals(r.userReference())) {
            return false;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":caller", s(r.callerId()));
        values.put(":user", s(r.userReference()));
        values.put(":id", n(r.bankConnectionId()));
        values.put(":imp", s(r.importId()));
        values.put(":out", s(r.outcome().name()));
        values.put(":at", millis(finished));
        Instant consentExpiresAt = r.result().consentExpiresAt();
        if (consentExpiresAt != null) values.put(":consent", millis(consentExpiresAt));
        String update = "SET callerId = :caller, userReference = :user, bankConnectionId = :id, lastImportId = :imp, "
                + "lastOutcome = :out, lastFinishedAt = :at"
                + (r.outcome() == Outcome.SUCCEEDED ? ", lastSuccessAt = :at" : "")
                + (consentExpiresAt != null ? ", consentExpiresAt = :consent" : "");
        return call("recordConnectionEnded", () -> {
            try {
                var response = dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(key(r.callerId(), r.bankConnectionId()))
                                .updateExpression(update)
                                // an older import that ends late never overwrites a newer one's outcome
                                .conditionExpression("attribute_not_exists(lastFinishedAt) OR lastFinishedAt <= :at")
                                .expressionAttributeValues(values)
                                .returnValues(ReturnValue.UPDATED_OLD));
                if (!response.hasAttributes() || response.attributes().isEmpty()) registerCaller(r.callerId());
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    /** Notes the XS2A consent expiry finAPI reported for a connection the caller knows. */
    public void recordConsentExpiry(String callerId, long bankConnectionId, Instant expiresAt) {
        call("recordConsentExpiry", () -> {
            try {
                dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(key(callerId, bankConnectionId))
                                .updateExpression("SET consentExpiresAt = :e")
                                .conditionExpression("attribute_exists(pk)")
                                .expressionAttributeValues(Map.of(":e", millis(expiresAt))));
            } catch (ConditionalCheckFailedException e) {
                // not a known connection yet: its first import's end records it
            }
            return null;
        });
    }

    /** Counts an unattended update of the connection (idempotent per import). */
    public void recordUnattendedUpdate(String callerId, long bankConnectionId, String importId, Instant at) {
        call(
                "recordUnattendedUpdate",
                () -> dynamoDb.get()
                        .putItem(b -> b.tableName(table)
                                .item(Map.of(
                                        "pk",
                                        s(partition(callerId)),
                                        "sk",
                                        s(connectionSk(bankConnectionId) + "#UNATTENDED#" + importId),
                                        "at",
                                        millis(at),
                                        "expiresAt",
                                        n(at.plus(UNATTENDED_KEPT).getEpochSecond())))));
    }

    /** One connection with its unattended updates (consistent read). */
    public Optional<KnownConnection> find(String callerId, long bankConnectionId) {
        List<KnownConnection> found = new ArrayList<>();
        query(
                QueryRequest.builder()
                        .tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :sk)")
                        .expressionAttributeValues(
                                Map.of(":pk", s(partition(callerId)), ":sk", s(connectionSk(bankConnectionId))))
                        .build(),
                found::add);
        return found.stream().findFirst();
    }

    /** Every known connection of a caller, in id order, page by page. */
    public void forEach(String callerId, Consumer<KnownConnection> action) {
        query(
                QueryRequest.builder()
                        .tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(partition(callerId))))
                        .build(),
                action);
    }

    /** The callers with at least one known connection (for a scheduled refresh of everyone's connections). */
    public List<String> callers() {
        List<String> callers = new ArrayList<>();
        call("listCallers", () -> {
            dynamoDb.get()
                    .queryPaginator(b -> b.tableName(table)
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", s(CALLERS))))
                    .items()
                    .forEach(item -> callers.add(str(item, "sk")));
            return null;
        });
        return callers;
    }

    private void registerCaller(String callerId) {
        call(
                "registerCaller",
                () -> dynamoDb.get()
                        .putItem(b -> b.tableName(table).item(Map.of("pk", s(CALLERS), "sk", s(callerId)))));
    }

    /** Items arrive sorted: a connection item, then its unattended-update items; each connection is emitted once complete. */
    private void query(QueryRequest request, Consumer<KnownConnection> action) {
        call("listConnections", () -> {
            Map<String, AttributeValue> current = null;
            List<Instant> unattended = new ArrayList<>();
            for (Map<String, AttributeValue> item :
                    dynamoDb.get().queryPaginator(request).items()) {
                String sk = str(item, "sk");
                if (sk.contains("#UNATTENDED#")) {
                    if (current != null && sk.startsWith(str(current, "sk") + "#")) unattended.add(instant(item, "at"));
                    continue;
                }
                if (current != null) action.accept(toConnection(current, unattended));
                current = item;
                unattended = new ArrayList<>();
            }
            if (current != null) action.accept(toConnection(current, unattended));
            return null;
        });
    }

    private static KnownConnection toConnection(Map<String, AttributeValue> item, List<Instant> unattended) {
        return new KnownConnection(
                str(item, "callerId"),
                str(item, "userReference"),
                num(item, "bankConnectionId"),
                str(item, "lastImportId"),
                str(item, "lastOutcome"),
                instant(item, "lastFinishedAt"),
                instant(item, "lastSuccessAt"),
                unattended,
                instant(item, "consentExpiresAt"));
    }

    private static Map<String, AttributeValue> key(String callerId, long bankConnectionId) {
        return Map.of("pk", s(partition(callerId)), "sk", s(connectionSk(bankConnectionId)));
    }

    static String partition(String callerId) {
        return "CALLER#" + callerId + "#CONNECTIONS";
    }

    static String connectionSk(long bankConnectionId) {
        return SortKeys.padded("CONNECTION#", bankConnectionId);
    }
}
