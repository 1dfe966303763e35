package io.finport.local;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS requests the Lambda handlers make in the local stack, per "Service:Operation" (the SDK loads this
 * interceptor for every client through software/amazon/awssdk/global/handlers/execution.interceptors). Only requests
 * made while {@link LambdaEndpoint} runs a handler count: the local stack's own setup and the tests' reads do not.
 * Retries of one call count once (beforeExecution runs once per call).
 */
public final class AwsRequestCounter implements ExecutionInterceptor {
    private static final ThreadLocal<Boolean> IN_HANDLER = new ThreadLocal<>();
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    /** Runs a handler invocation, counting the requests it makes. */
    static void inHandler(Invocation invocation) throws IOException {
        IN_HANDLER.set(Boolean.TRUE);
        try {
            invocation.run();
        } finally {
            IN_HANDLER.remove();
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (IN_HANDLER.get() == null) return;
        COUNTS.computeIfAbsent(
                        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        k -> new LongAdder())
                .increment();
    }

    /** The counts so far, sorted. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> counts = new TreeMap<>();
        COUNTS.forEach((call, n) -> counts.put(call, n.sum()));
        return counts;
    }

    public static void reset() {
        COUNTS.clear();
    }

    /** A handler invocation (handleRequest of a RequestStreamHandler). */
    @FunctionalInterface
    interface Invocation {
        void run() throws IOException;
    }
}
