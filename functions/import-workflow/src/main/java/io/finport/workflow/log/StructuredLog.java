package io.finport.workflow.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON object per line on stdout, the shape Lambda's JSON log format and CloudWatch Logs Insights read.
 * Callers pass only ids, states and counts: never IBANs, balances, names, credentials or tokens.
 * The correlation fields (requestId: the Lambda invocation's; importId, executionName) are set per invocation by the
 * handlers, so every line of an invocation carries them.
 */
public final class StructuredLog {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ThreadLocal<String[]> CORRELATION = ThreadLocal.withInitial(() -> new String[3]);
    private static volatile PrintStream out = System.out;

    private final String logger;

    private StructuredLog(String logger) {
        this.logger = logger;
    }

    public static StructuredLog of(Class<?> type) {
        return new StructuredLog(type.getSimpleName());
    }

    /** Redirects all log output (the local stack captures it to scan for leaks). */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    /** Correlates this thread's lines with the invocation (requestId) and the import it works on (either may be null). */
    public static void correlate(String requestId, String importId, String executionName) {
        String[] c = CORRELATION.get();
        c[0] = requestId;
        c[1] = importId;
        c[2] = executionName;
    }

    /** Adds the import to this invocation's correlation once it is known (the API learns it while handling). */
    public static void correlateImport(String importId) {
        CORRELATION.get()[1] = importId;
    }

    public static void clearCorrelation() {
        CORRELATION.remove();
    }

    public void info(String message, Object... keyValues) {
        write("INFO", message, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write("WARN", message, keyValues);
    }

    public void error(String message, Object... keyValues) {
        write("ERROR", message, keyValues);
    }

    private void write(String level, String message, Object[] keyValues) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("logger", logger);
        line.put("message", message);
        String[] c = CORRELATION.get();
        if (c[0] != null) line.put("requestId", c[0]);
        if (c[1] != null) line.put("importId", c[1]);
        if (c[2] != null) line.put("executionName", c[2]);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            String key = String.valueOf(keyValues[i]);
            if (value instanceof Double || value instanceof Float) line.put(key, ((Number) value).doubleValue());
            else if (value instanceof Number n) line.put(key, n.longValue());
            else if (value instanceof Boolean b) line.put(key, b);
            else line.put(key, value == null ? null : value.toString());
        }
        PrintStream stream = out;
        synchronized (stream) {
            stream.println(line);
        }
    }
}
