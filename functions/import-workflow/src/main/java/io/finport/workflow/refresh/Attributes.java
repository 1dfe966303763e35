package io.finport.workflow.refresh;

import io.finport.workflow.store.StoreUnavailableException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

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

    /** Throttling, 5xx and network errors become {@link StoreUnavailableException}, which the state machine retries. */
    static <T> T call(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (SdkClientException e) {
            throw new StoreUnavailableException(operation, e);
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) throw new StoreUnavailableException(operation, e);
            throw e;
        }
    }
}
