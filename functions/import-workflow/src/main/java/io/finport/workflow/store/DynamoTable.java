package io.finport.workflow.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The workflow's one DynamoDB table (template.yaml ImportTable) as the stores use it: the client (supplied lazily, so
 * building a store at Lambda init opens no connection), the clock for every time a store writes, the error mapping
 * the state machine relies on, and the attribute conversions.
 */
public final class DynamoTable {
    private final Supplier<DynamoDbClient> client;
    private final String name;
    private final Clock clock;

    public DynamoTable(Supplier<DynamoDbClient> client, String name, Clock clock) {
        this.client = client;
        this.name = name;
        this.clock = clock;
    }

    public DynamoDbClient client() {
        return client.get();
    }

    public String name() {
        return name;
    }

    public Instant now() {
        return clock.instant();
    }

    /** The TTL attribute value (epoch seconds) of an item that should live this long from now. */
    public long expiresIn(Duration retention) {
        return now().plus(retention).getEpochSecond();
    }

    /** The item under this key, or empty. */
    public Optional<Map<String, AttributeValue>> get(String operation, Map<String, AttributeValue> key) {
        return get(operation, key, null);
    }

    /**
     * The named attributes of the item under this key, or empty: also when the item has none of them.
     *
     * @param projection a projection expression, or null for the whole item
     */
    public Optional<Map<String, AttributeValue>> get(
            String operation, Map<String, AttributeValue> key, String projection) {
        return call(operation, () -> {
            var response = client().getItem(
                            b -> b.tableName(name).consistentRead(true).key(key).projectionExpression(projection));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(response.item())
                    : Optional.<Map<String, AttributeValue>>empty();
        });
    }

    /**
     * Updates the item if the condition holds; false when it does not (a repeated step, a lost race).
     *
     * @param names expression attribute names, or null
     */
    public boolean updateIf(
            String operation,
            Map<String, AttributeValue> key,
            String update,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        return update(operation, key, update, condition, names, values, ReturnValue.NONE)
                .isPresent();
    }

    /**
     * As {@link #updateIf}, returning the whole item as the update left it (from the write itself: no read); empty
     * when the condition does not hold.
     */
    public Optional<Map<String, AttributeValue>> updateIfAndGet(
            String operation,
            Map<String, AttributeValue> key,
            String update,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        return update(operation, key, update, condition, names, values, ReturnValue.ALL_NEW);
    }

    private Optional<Map<String, AttributeValue>> update(
            String operation,
            Map<String, AttributeValue> key,
            String update,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values,
            ReturnValue returnValues) {
        return call(operation, () -> {
            try {
                return Optional.of(client().updateItem(b -> b.tableName(name)
                                .key(key)
                                .updateExpression(update)
                                .conditionExpression(condition)
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(values.isEmpty() ? null : values)
                                .returnValues(returnValues))
                        .attributes());
            } catch (ConditionalCheckFailedException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Throttling, 5xx and network errors become {@link StoreUnavailableException}, which the state machine retries;
     * a failed condition reaches the caller as it is.
     */
    public static <T> T call(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkClientException e) {
            throw new StoreUnavailableException(operation, e);
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException(operation, e);
            }
            throw e;
        }
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    // ---- attribute conversions -----------------------------------------------------------------------------

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    public static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    public static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(DynamoTable::s).toList());
    }

    public static AttributeValue numbers(List<Integer> values) {
        return AttributeValue.fromL(values.stream().map(i -> n(i)).toList());
    }

    public static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? null : v.s();
    }

    public static Long lng(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Long.parseLong(v.n());
    }

    public static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    public static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    /** A list of strings, or null when the attribute is absent. */
    public static List<String> stringList(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL()
                ? null
                : v.l().stream().map(AttributeValue::s).toList();
    }

    public static List<Integer> ints(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL()
                ? List.of()
                : v.l().stream().map(x -> Integer.parseInt(x.n())).toList();
    }
}
