package io.finport.workflow.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line on stdout, the shape Lambda's JSON log format and CloudWatch Logs Insights read.
 * Callers pass only ids, states and counts: never IBANs, balances, names, credentials or tokens.
 * The correlation fields (requestId: the Lambda invocation's; importId, executionName) are set per invocation by the
 * handlers, so every line of an invocation carries them. Written with Jackson's streaming generator: logging loads no
 * object mapper (a cold start's costliest library after the AWS SDK).
 */
public final class StructuredLog {
    private static final JsonFactory JSON = new JsonFactory();
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
        // A key given twice keeps its first place and its last value (a caller may repeat a correlation field).
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("timestamp", Instant.now().toString());
        fields.put("level", level);
        fields.put("logger", logger);
        fields.put("message", message);
        String[] c = CORRELATION.get();
        if (c[0] != null) fields.put("requestId", c[0]);
        if (c[1] != null) fields.put("importId", c[1]);
        if (c[2] != null) fields.put("executionName", c[2]);
        for (int i = 0; i + 1 < keyValues.length; i += 2) fields.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        StringWriter text = new StringWriter();
        try (JsonGenerator line = JSON.createGenerator(text)) {
            line.writeStartObject();
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                Object value = field.getValue();
                line.writeFieldName(field.getKey());
                if (value instanceof Double || value instanceof Float) line.writeNumber(((Number) value).doubleValue());
                else if (value instanceof Number n) line.writeNumber(n.longValue());
                else if (value instanceof Boolean b) line.writeBoolean(b);
                else if (value == null) line.writeNull();
                else line.writeString(value.toString());
            }
            line.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrintStream stream = out;
        synchronized (stream) {
            stream.println(text);
        }
    }
}
