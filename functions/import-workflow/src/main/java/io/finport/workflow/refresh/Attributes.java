package io.finport.workflow.refresh;

import io.finport.workflow.store.DynamoTable;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB attribute helpers of the refresh items; times are epoch milliseconds, so they compare as numbers. */
final class Attributes {
    private Attributes() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue millis(Instant at) {
        return n(at.toEpochMilli());
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(v.n()));
    }

    /** As every store of the table: see {@link DynamoTable#call}. */
    static <T> T call(String operation, Supplier<T> action) {
        return DynamoTable.call(operation, action);
    }
}
