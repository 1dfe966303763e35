package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code ./run-local --refresh [--scenario FILE]}: one refresh run on the local stack with live progress (done/total,
 * per outcome and skip reason) and a report that sets the counts against the scenario's plan.
 */
public final class RefreshCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RefreshCommand() {}

    /** @return true when every count matched the plan and no connection was updated twice */
    public static boolean run(LocalStack stack, Path scenarioFile, PrintStream out, boolean json) throws IOException {
        JsonNode scenario = MAPPER.readTree(scenarioFile.toFile());
        out.println("Refresh scenario: " + scenario.path("name").asText() + " - "
                + scenario.path("description").asText());
        Instant start = Instant.now();
        String[] last = {""};
        RefreshRun.Result result = new RefreshRun(stack).run(scenario, Duration.ofMinutes(15), record -> {
            String line = progressLine(record);
            if (!line.equals(last[0])) {
                out.printf(
                        "[%6.1fs] %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, line);
                last[0] = line;
            }
        });
        if (json) {
            System.out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.record()));
            return matches(result);
        }
        report(out, stack, result);
        return matches(result);
    }

    static String progressLine(JsonNode r) {
        StringBuilder line = new StringBuilder(String.format(
                "%-9s done %d/%d",
                r.path("status").asText(),
                r.path("done").asLong(),
                r.path("connections").asLong()));
        r.path("outcomes")
                .fields()
                .forEachRemaining(e -> line.append("  ")
                        .append(e.getKey())
                        .append(' ')
                        .append(e.getValue().asLong()));
        long skipped = 0;
        for (JsonNode n : r.path("skipped")) skipped += n.asLong();
        if (skipped > 0) line.append("  skipped ").append(skipped);
        return line.toString();
    }

    private static void report(PrintStream out, LocalStack stack, RefreshRun.Result result) {
        JsonNode r = result.record();
        out.println();
        out.printf(
                "=== Refresh %s %s in %.1f s ===%n",
                r.path("refreshId").asText(),
                r.path("status").asText(),
                result.elapsed().toMillis() / 1000.0);
        out.printf(
                "Connections: %d known (this caller), %d queued for update, %d done%n",
                r.path("connections").asLong(),
                r.path("queued").asLong(),
                r.path("done").asLong());
        out.println();
        out.printf("  %-28s %8s %8s%n", "COUNT", "ACTUAL", "PLANNED");
        Map<String, Long> actualOutcomes = counts(r.path("outcomes"));
        Map<String, Long> actualSkips = counts(r.path("skipped"));
        for (String key : new TreeSet<>(union(actualOutcomes, result.plan().expectedOutcomes()))) {
            out.printf(
                    "  %-28s %8d %8d%n",
                    "outcome " + key,
                    actualOutcomes.getOrDefault(key, 0L),
                    result.plan().expectedOutcomes().getOrDefault(key, 0L));
        }
        for (String key : new TreeSet<>(union(actualSkips, result.plan().expectedSkips()))) {
            out.printf(
                    "  %-28s %8d %8d%n",
                    "skipped " + key,
                    actualSkips.getOrDefault(key, 0L),
                    result.plan().expectedSkips().getOrDefault(key, 0L));
        }
        out.println();
        long twice = result.plan().connections().stream()
                .filter(c -> stack.sandbox().updateCalls(c.bankConnectionId()) > 1)
                .count();
        long otherUpdated = result.plan().otherCallersConnections().stream()
                .filter(id -> stack.sandbox().updateCalls(id) > 0)
                .count();
        out.printf(
                "finAPI updates: peak %d in flight at once (MaxConcurrency %d), %d connections updated twice, "
                        + "%d of another caller's connections touched%n",
                result.peakConcurrentUpdates(), stack.refreshSettings().maxConcurrency(), twice, otherUpdated);
        if (r.has("results")) out.println("Results:  " + r.path("results").asText());
        if (r.has("manifest")) out.println("Manifest: " + r.path("manifest").asText());
        JsonNode message = runMessage(stack);
        if (message != null) {
            out.println(
                    "Run message on SNS: subject \"" + message.path("Subject").asText() + "\"");
            out.println("  JSON for machines: " + message.path("Message").asText());
        }
        out.println(matches(result) ? "Counts: as planned" : "Counts: DIFFERENT from the plan");
    }

    /** The run's message (importType=REFRESH) among everything the topic delivered to the all-notifications queue. */
    static JsonNode runMessage(LocalStack stack) {
        for (int batch = 0; batch < 100; batch++) {
            var messages = stack.clients()
                    .sqs()
                    .receiveMessage(b -> b.queueUrl(stack.deployed().allNotificationsQueueUrl())
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) return null;
            for (Message m : messages) {
                JsonNode envelope = read(m.body());
                if (envelope.path("MessageAttributes")
                        .path("importType")
                        .path("Value")
                        .asText()
                        .equals("REFRESH")) return envelope;
            }
        }
        return null;
    }

    static boolean matches(RefreshRun.Result result) {
        JsonNode r = result.record();
        Map<String, Long> skips = counts(r.path("skipped"));
        skips.values().removeIf(v -> v == 0);
        return counts(r.path("outcomes")).equals(result.plan().expectedOutcomes())
                && skips.equals(result.plan().expectedSkips());
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new TreeMap<>();
        node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private static TreeSet<String> union(Map<String, Long> a, Map<String, Long> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
