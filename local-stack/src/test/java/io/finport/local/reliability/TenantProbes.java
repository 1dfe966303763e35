package io.finport.local.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tenant-isolation and self-healing probes of {@link TenantIsolationTest} with what each run measured. Printed as
 * {@code RELIABILITY-COUNT} lines; with {@code -Dfinport.writeDocs=true} the table also replaces the block between
 * {@value #BEGIN} and {@value #END} in docs/reliability.md and docs/security.md, so the figures there come from a run.
 */
final class TenantProbes {
    static final String BEGIN = "<!-- tenant-probes:begin (written by TenantIsolationTest, do not edit) -->";
    static final String END = "<!-- tenant-probes:end -->";
    static final String WRITE_DOCS = "finport.writeDocs";

    private record Probe(String what, String expected, String measured, String test) {}

    private static final Map<String, Probe> PROBES = new TreeMap<>();

    private TenantProbes() {}

    static synchronized void record(String id, String what, String expected, String measured) {
        String test = StackWalker.getInstance()
                .walk(frames -> frames.skip(1).findFirst().orElseThrow().getMethodName());
        PROBES.put(id, new Probe(what, expected, measured, "`TenantIsolationTest#" + test + "`"));
        System.out.println("RELIABILITY-COUNT tenant_" + id + "=" + measured);
    }

    /** Writes the table into the docs when asked to and every probe of the class ran (a partial run changes nothing). */
    static synchronized void publish(Path repoRoot) {
        if (!Boolean.getBoolean(WRITE_DOCS) || PROBES.size() < 7) return;
        String table = table();
        for (String doc : new String[] {"docs/reliability.md", "docs/security.md"}) {
            replaceBlock(repoRoot.resolve(doc), table);
        }
    }

    static String table() {
        StringBuilder out = new StringBuilder();
        out.append("Last run: ")
                .append(LocalDate.now(ZoneOffset.UTC))
                .append(", `TenantIsolationTest` on the local stack ")
                .append("(callers A = `assumed-role/TenantA` with two sessions, B = `assumed-role/TenantB`).\n\n");
        out.append("| Probe | Expected | Test | Measured |\n|---|---|---|---|\n");
        PROBES.values()
                .forEach(p -> out.append("| ")
                        .append(p.what())
                        .append(" | ")
                        .append(p.expected())
                        .append(" | ")
                        .append(p.test())
                        .append(" | ")
                        .append(p.measured())
                        .append(" |\n"));
        return out.toString();
    }

    private static void replaceBlock(Path doc, String table) {
        try {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            int begin = text.indexOf(BEGIN);
            int end = text.indexOf(END);
            if (begin < 0 || end < begin) throw new IllegalStateException(doc + " has no tenant-probes block");
            String updated = text.substring(0, begin + BEGIN.length()) + "\n" + table + text.substring(end);
            Files.writeString(doc, updated, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
