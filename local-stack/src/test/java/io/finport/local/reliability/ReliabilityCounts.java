package io.finport.local.reliability;

import io.finport.local.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures the reliability tests measure. Each is printed as a {@code RELIABILITY-COUNT name=value} line; with
 * {@code -Dfinport.writeDocs=true} it also replaces its row in the block {@value #NAME} of docs/reliability.md (the
 * rows of tests that did not run keep their last value and date), so every figure there comes from a run.
 */
final class ReliabilityCounts {
    static final String NAME = "reliability:counts";
    private static final String BEGIN = "<!-- BEGIN " + NAME;
    private static final String END = "<!-- END " + NAME + " -->";
    private static final Pattern ROW =
            Pattern.compile("^\\| `([A-Za-z0-9_]+)` \\| ([^|]*) \\| ([^|]*) \\| ([^|]*) \\|$");

    private record Row(String value, String test, String date) {}

    private ReliabilityCounts() {}

    static synchronized void record(String name, long value) {
        System.out.println("RELIABILITY-COUNT " + name + "=" + value);
        if (!Boolean.getBoolean(TenantProbes.WRITE_DOCS)) return;
        String test = StackWalker.getInstance()
                .walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                        .filter(c -> c.endsWith("Test"))
                        .findFirst()
                        .map(c -> c.substring(c.lastIndexOf('.') + 1))
                        .orElse("?"));
        Path doc = LocalStack.repoRoot().resolve("docs/reliability.md");
        try {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            Files.writeString(
                    doc,
                    withRow(text, name, new Row(String.format("%,d", value), "`" + test + "`", today())),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The doc with the row of {@code name} set (rows stay sorted by name) and the local deadline line refreshed. */
    private static String withRow(String text, String name, Row row) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) throw new IllegalStateException("docs/reliability.md has no block " + NAME);
        int bodyStart = text.indexOf('\n', begin) + 1;
        Map<String, Row> rows = new TreeMap<>();
        for (String line : text.substring(bodyStart, end).split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) rows.put(m.group(1), new Row(m.group(2), m.group(3), m.group(4)));
        }
        rows.put(name, row);
        StringBuilder block = new StringBuilder();
        LocalStack.Options local = LocalStack.Options.defaults(LocalStack.repoRoot());
        block.append(String.format(
                "Local stack: poll waits %d–%d s, poll deadline %d s (`LocalStack.Options.defaults`).%n%n",
                local.pollMinWaitSeconds(),
                local.pollMaxWaitSeconds(),
                local.pollDeadline().toSeconds()));
        block.append("| figure | value | test | measured |\n|---|---:|---|---|\n");
        rows.forEach((n, r) -> block.append(String.format(
                "| `%s` | %s | %s | %s |%n",
                n, r.value().strip(), r.test().strip(), r.date().strip())));
        return text.substring(0, bodyStart) + block + text.substring(end);
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }
}
