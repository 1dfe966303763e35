package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Prints a line whenever the import's visible state changes. */
final class ProgressPrinter {
    private final PrintStream out;
    private final Instant start = Instant.now();
    private String last = "";

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    void update(JsonNode record) {
        JsonNode p = record.path("progress");
        StringBuilder accounts = new StringBuilder();
        for (JsonNode a : record.path("accounts")) {
            if (accounts.length() > 0) accounts.append(", ");
            if (accounts.length() > 120) {
                accounts.append("...");
                break;
            }
            accounts.append(a.path("accountName").asText("account"))
                    .append(' ')
                    .append(a.path("status").asText());
        }
        String line = String.format(
                "%-17s attempt %-3d updateStatus %-12s categorization %-12s%s%s%s%s",
                record.path("status").asText(),
                p.path("attempt").asInt(),
                p.path("updateStatus").asText("-"),
                p.path("categorizationStatus").asText("-"),
                p.has("nextCheckInSeconds")
                        ? " next check in " + p.path("nextCheckInSeconds").asInt() + " s"
                        : "",
                record.has("task")
                        ? " task " + record.path("task").path("status").asText()
                        : "",
                record.has("webForm")
                        ? " web form " + record.path("webForm").path("status").asText()
                        : "",
                accounts.length() == 0 ? "" : " | " + accounts);
        if (!line.equals(last)) {
            out.printf("[%5.1fs] %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, line);
            last = line;
        }
    }
}
