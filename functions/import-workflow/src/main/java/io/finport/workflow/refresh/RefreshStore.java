package io.finport.workflow.refresh;

import static io.finport.workflow.refresh.Attributes.call;
import static io.finport.workflow.refresh.Attributes.instant;
import static io.finport.workflow.refresh.Attributes.millis;
import static io.finport.workflow.refresh.Attributes.n;
import static io.finport.workflow.refresh.Attributes.num;
import static io.finport.workflow.refresh.Attributes.s;
import static io.finport.workflow.refresh.Attributes.str;

import io.finport.workflow.store.SortKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Refresh records and their per-connection results. Each connection's result is one item ({@code REFRESH#<id> /
 * ITEM#<connection>}, written once, conditionally): that is the truth. The record's counters are top-level numbers
 * ({@code outcome_SUCCEEDED}, {@code skip_LOCKED}) raised with ADD after the item is written, for live progress; when
 * the run ends, {@link #finish} recounts them from the items, so a step that died between the two writes leaves no
 * trace in the final counts. Skips found while building the manifest are set once ({@code manifestSkip_<reason>}).
 * (No DynamoDB transaction: one conditional put and one ADD cost less, and need no cross-item atomicity.)
 */
public class RefreshStore {
    private static final String META = "META";
    static final String OUTCOME = "outcome_";
    static final String SKIP = "skip_";
    static final String MANIFEST_SKIP = "manifestSkip_";

    private final Supplier<DynamoDbClient> dynamoDb;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    public RefreshStore(Supplier<DynamoDbClient> dynamoDb, String table, Duration retention, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    /** Writes a new record; false when one with this id exists (a replayed request or a re-run of the first step). */
    public boolean create(
            String refreshId,
            String callerId,
            List<String> userReferences,
            String requestHash,
            String trigger,
            Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(refreshId));
        item.put("refreshId", s(refreshId));
        if (callerId != null) item.put("callerId", s(callerId));
        if (!userReferences.isEmpty())
            item.put(
                    "userReferences",
                    AttributeValue.fromL(
                            userReferences.stream().map(Attributes::s).toList()));
        if (requestHash != null) item.put("requestHash", s(requestHash));
        item.put("trigger", s(trigger));
        item.put("status", s(RefreshStatus.PENDING.name()));
        item.put("createdAt", millis(now));
        item.put("expiresAt", n(now.plus(retention).getEpochSecond()));
        return call("createRefresh", () -> {
            try {
                dynamoDb.get()
                        .putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    public Optional<RefreshRecord> find(String refreshId) {
        return call("findRefresh", () -> {
            var response = dynamoDb.get()
                    .getItem(b -> b.tableName(table).consistentRead(true).key(key(refreshId)));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(toRecord(response.item()))
                    : Optional.empty();
        });
    }

    /** The manifest is written: the run is RUNNING with this many items and these skips (set, not added: a re-run writes the same). */
    public void manifestWritten(
            String refreshId,
            long connections,
            long queued,
            Map<SkipReason, Long> skipped,
            String manifestLocation,
            Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder update = new StringBuilder(
                "SET #status = :running, connections = :c, queued = :q, manifestLocation = :m, startedAt = :at");
        values.put(":running", s(RefreshStatus.RUNNING.name()));
        values.put(":c", n(connections));
        values.put(":q", n(queued));
        values.put(":m", s(manifestLocation));
        values.put(":at", millis(at));
        for (SkipReason reason : SkipReason.values()) {
            update.append(", ")
                    .append(MANIFEST_SKIP)
                    .append(reason.name())
                    .append(" = :s_")
                    .append(reason.name());
            values.put(":s_" + reason.name(), n(skipped.getOrDefault(reason, 0L)));
        }
        values.put(":pending", s(RefreshStatus.PENDING.name()));
        call("manifestWritten", () -> {
            try {
                dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(key(refreshId))
                                .updateExpression(update.toString())
                                .conditionExpression("#status = :pending")
                                .expressionAttributeNames(Map.of("#status", "status"))
                                .expressionAttributeValues(values));
            } catch (ConditionalCheckFailedException e) {
                // written by an earlier attempt of this step: its counts stand
            }
            return null;
        });
    }

    /**
     * Records one connection's result once and raises its live counter; false when it was recorded before.
     *
     * @param counter {@code outcome_<OUTCOME>} or {@code skip_<REASON>}
     */
    public boolean recordItem(String refreshId, long bankConnectionId, String counter, String importId) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(partition(refreshId)));
        item.put("sk", s(SortKeys.padded("ITEM#", bankConnectionId)));
        item.put("result", s(counter));
        if (importId != null) item.put("importId", s(importId));
        item.put("bankConnectionId", n(bankConnectionId));
        item.put("expiresAt", n(clock.instant().plus(retention).getEpochSecond()));
        boolean first = call("recordRefreshItem", () -> {
            try {
                dynamoDb.get()
                        .putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
        if (first) {
            call(
                    "countRefreshItem",
                    () -> dynamoDb.get()
                            .updateItem(b -> b.tableName(table)
                                    .key(key(refreshId))
                                    .updateExpression("ADD #counter :one")
                                    .expressionAttributeNames(Map.of("#counter", counter))
                                    .expressionAttributeValues(Map.of(":one", n(1)))));
        }
        return first;
    }

    /** Ends the run once, with counters recounted from the result items; false when it was ended before. */
    public boolean finish(String refreshId, RefreshStatus status, String resultsLocation, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(status.name()));
        values.put(":at", millis(at));
        StringBuilder update = new StringBuilder("SET #status = :status, finishedAt = :at");
        if (resultsLocation != null) {
            update.append(", resultsLocation = :r");
            values.put(":r", s(resultsLocation));
        }
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        Map<String, Long> tally = new TreeMap<>();
        items(refreshId).values().forEach(counter -> tally.merge(counter, 1L, Long::sum));
        int i = 0;
        for (var e : tally.entrySet()) {
            update.append(", #c").append(i).append(" = :c").append(i);
            names.put("#c" + i, e.getKey());
            values.put(":c" + i++, n(e.getValue()));
        }
        return call("finishRefresh", () -> {
            try {
                dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(key(refreshId))
                                .updateExpression(update.toString())
                                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(finishedAt)")
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(values));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    /** Marks the run's SNS message as sent; false when another attempt sent it first. */
    public boolean markNotified(String refreshId, String messageId, Instant at) {
        return call("markRefreshNotified", () -> {
            try {
                dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(key(refreshId))
                                .updateExpression("SET notifiedAt = :at, notificationMessageId = :m")
                                .conditionExpression("attribute_not_exists(notifiedAt)")
                                .expressionAttributeValues(Map.of(":at", millis(at), ":m", s(messageId))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    /** The per-connection results of a run (for tests and operators; the API shows counts). */
    public Map<Long, String> items(String refreshId) {
        Map<Long, String> results = new TreeMap<>();
        call("refreshItems", () -> {
            dynamoDb.get()
                    .queryPaginator(b -> b.tableName(table)
                            .consistentRead(true)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :item)")
                            .expressionAttributeValues(Map.of(":pk", s(partition(refreshId)), ":item", s("ITEM#"))))
                    .items()
                    .forEach(i -> results.put(num(i, "bankConnectionId"), str(i, "result")));
            return null;
        });
        return results;
    }

    private static RefreshRecord toRecord(Map<String, AttributeValue> item) {
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> skipped = new TreeMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(OUTCOME) && value.n() != null)
                outcomes.put(name.substring(OUTCOME.length()), Long.parseLong(value.n()));
            if (name.startsWith(SKIP) && value.n() != null)
                skipped.merge(name.substring(SKIP.length()), Long.parseLong(value.n()), Long::sum);
            if (name.startsWith(MANIFEST_SKIP) && value.n() != null) {
                skipped.merge(name.substring(MANIFEST_SKIP.length()), Long.parseLong(value.n()), Long::sum);
            }
        });
        List<String> users = new ArrayList<>();
        if (item.containsKey("userReferences") && item.get("userReferences").hasL()) {
            item.get("userReferences").l().forEach(v -> users.add(v.s()));
        }
        return new RefreshRecord(
                str(item, "refreshId"),
                str(item, "callerId"),
                users,
                str(item, "requestHash"),
                str(item, "trigger"),
                RefreshStatus.valueOf(str(item, "status")),
                num(item, "connections"),
                num(item, "queued"),
                outcomes,
                skipped,
                instant(item, "createdAt"),
                instant(item, "startedAt"),
                instant(item, "finishedAt"),
                str(item, "manifestLocation"),
                str(item, "resultsLocation"),
                instant(item, "notifiedAt"));
    }

    private static Map<String, AttributeValue> key(String refreshId) {
        return Map.of("pk", s(partition(refreshId)), "sk", s(META));
    }

    private static String partition(String refreshId) {
        return "REFRESH#" + refreshId;
    }
}
