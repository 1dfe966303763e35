package io.finport.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records which AWS operations each function's handler really calls in the local stack (the SDK loads this
 * interceptor for every client through software/amazon/awssdk/global/handlers/execution.interceptors). With the
 * system property finport.recordAwsCalls=FILE, the calls are written there when the JVM ends, one
 * "FunctionLogicalId Service:Operation" per line; scripts/test's deploy check compares them with each function's
 * IAM policy. Calls outside a handler (the local stack creating its resources) are not recorded.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
    private static final ThreadLocal<String> FUNCTION = new ThreadLocal<>();
    private static final Map<String, Set<String>> CALLS = new ConcurrentHashMap<>();

    static {
        String file = System.getProperty("finport.recordAwsCalls");
        if (file != null && !file.isBlank()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> write(Path.of(file))));
        }
    }

    /** Runs a handler invocation of the function with that logical id, recording the AWS calls it makes. */
    public static void during(String functionLogicalId, Invocation invocation) throws IOException {
        String outer = FUNCTION.get();
        FUNCTION.set(functionLogicalId);
        try {
            invocation.run();
        } finally {
            FUNCTION.set(outer);
        }
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String function = FUNCTION.get();
        if (function == null) return;
        CALLS.computeIfAbsent(function, f -> ConcurrentHashMap.newKeySet())
                .add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    /** The calls recorded so far, "Function Service:Operation", sorted. */
    static Set<String> recorded() {
        Set<String> lines = new TreeSet<>();
        CALLS.forEach((function, calls) -> calls.forEach(call -> lines.add(function + " " + call)));
        return lines;
    }

    private static void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, recorded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A handler invocation (handleRequest of a RequestStreamHandler). */
    @FunctionalInterface
    public interface Invocation {
        void run() throws IOException;
    }
}
