package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;

/** The summary {@code ./run-local} prints after one scenario: the import's outcome next to the scenario's plan. */
final class ScenarioSummary {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ScenarioSummary() {}

    static void print(PrintStream out, ScenarioRun.Result result, LocalStack stack) {
        JsonNode r = result.finalRecord();
        out.println();
        out.println("=== Import " + r.path("importId").asText() + " finished in "
                + String.format("%.1f s", result.elapsed().toMillis() / 1000.0) + " ===");
        out.println("Outcome:  " + r.path("outcome").asText());
        out.println("Warnings: " + (r.path("warnings").isEmpty() ? "none" : join(r.path("warnings"))));
        if (r.hasNonNull("reason")) out.println("Reason:   " + r.path("reason").asText());
        JsonNode expect = result.scenario().path("expect");
        if (expect.has("outcome")) {
            boolean matches =
                    expect.path("outcome").asText().equals(r.path("outcome").asText());
            out.println("Expected: " + expect.path("outcome").asText()
                    + (matches ? "  (as documented)" : "  (DIFFERENT from the scenario's documented outcome)"));
        }
        out.println("Checks:   " + r.path("progress").path("attempt").asInt() + " status checks"
                + (r.path("progress").path("joinedRunningUpdate").asBoolean() ? ", joined a running update" : ""));
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ACCOUNT", "NAME", "TYPE", "IBAN", "STATUS"});
        for (JsonNode a : r.path("accounts")) {
            rows.add(new String[] {
                a.path("accountId").asText(),
                a.path("accountName").asText(""),
                a.path("accountType").asText(""),
                a.path("iban").asText("-"),
                a.path("status").asText()
            });
        }
        if (rows.size() > 21) {
            int more = rows.size() - 21;
            rows = new ArrayList<>(rows.subList(0, 21));
            rows.add(new String[] {"...", more + " more", "", "", ""});
        }
        printTable(out, rows);
        out.println();
        List<Message> all = stack.clients()
                .sqs()
                .receiveMessage(b -> b.queueUrl(stack.deployed().allNotificationsQueueUrl())
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(2))
                .messages();
        List<Message> email = stack.clients()
                .sqs()
                .receiveMessage(b -> b.queueUrl(stack.deployed().emailQueueUrl())
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1))
                .messages();
        if (all.isEmpty()) {
            out.println("Notification: none received");
        } else {
            JsonNode envelope = read(all.get(0).body());
            out.println("Notification published to SNS: subject \""
                    + envelope.path("Subject").asText() + "\"");
            StringBuilder attributes = new StringBuilder();
            envelope.path("MessageAttributes")
                    .fields()
                    .forEachRemaining(e -> attributes
                            .append(e.getKey())
                            .append('=')
                            .append(e.getValue().path("Value").asText())
                            .append(' '));
            out.println("  attributes: " + attributes.toString().trim());
            out.println("  JSON for machines: " + envelope.path("Message").asText());
            out.println("  email subscription (filter: every outcome but SUCCEEDED): "
                    + (email.isEmpty() ? "filtered out, no email" : "would be emailed"));
        }
    }

    private static void printTable(PrintStream out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) widths[i] = Math.max(widths[i], row[i].length());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) line.append(String.format("%-" + (widths[i] + 2) + "s", row[i]));
            out.println(line.toString().stripTrailing());
        }
    }

    private static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return String.join(", ", values);
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            return MAPPER.createObjectNode();
        }
    }
}
