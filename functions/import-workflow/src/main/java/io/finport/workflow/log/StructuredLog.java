package io.finport.workflow.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One JSON object per line on stdout, the shape Lambda's JSON log format and CloudWatch Logs Insights read.
 * Callers pass only ids, states and counts: never IBANs, balances, names, credentials or tokens.
 * The correlation fields (importId, executionName) are set per invocation by the task handler base.
 */
public final class StructuredLog {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ThreadLocal<String[]> CORRELATION = ThreadLocal.withInitial(() -> new String[2]);
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

    public static void correlate(String importId, String executionName) {
        String[] c = CORRELATION.get();
        c[0] = importId;
        c[1] = executionName;
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
        if (c[0] != null) line.put("importId", c[0]);
        if (c[1] != null) line.put("executionName", c[1]);
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
