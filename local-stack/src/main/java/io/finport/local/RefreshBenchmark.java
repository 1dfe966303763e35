package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.sandbox.RecordedRequest;
import io.finport.workflow.refresh.RefreshItems;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code scripts/benchmark refresh}: one refresh of N generated connections on the local stack (waits shortened as in
 * every local run), measured: wall time, child executions, state transitions, Lambda invocations, DynamoDB and finAPI
 * requests per connection, the peak of finAPI updates in flight (from the sandbox's request log), and the same counts
 * for 100,000 connections with USD at list prices. Prints Markdown; {@code scripts/benchmark refresh} writes it into
 * docs/performance.md (block {@code bench:refresh}).
 */
public final class RefreshBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RefreshBenchmark() {}

    public static void main(String[] args) throws Exception {
        int connections = 1000;
        int maxConcurrency = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--max-concurrency" -> maxConcurrency = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: RefreshBenchmark [--connections N] [--max-concurrency N]");
                    System.exit(2);
                }
            }
        }
        String table = run(connections, maxConcurrency);
        System.out.println(table);
        System.exit(0);
    }

    /**
     * The local stack's settings with every poll wait at 1 s: the sandbox's scenarios count status checks, not seconds,
     * so a shorter wait changes no count this benchmark reports, only how long a child import sits in its Wait state.
     */
    static LocalStack.Options options() {
        LocalStack.Options local = LocalStack.Options.defaults(LocalStack.repoRoot());
        return new LocalStack.Options(
                local.repoRoot(),
                local.pollDeadline(),
                1,
                1,
                local.waitForCategorization(),
                local.apiPort(),
                local.mandatorLicence());
    }

    static String run(int connections, int maxConcurrency) throws IOException {
        Instant bootStart = Instant.now();
        try (LocalStack stack = LocalStack.start(options())) {
            stack.reconfigureRefresh(stack.refreshSettings().withMaxConcurrency(maxConcurrency));
            System.err.printf(
                    "local stack up in %.1f s; generating and seeding %d connections ...%n",
                    seconds(bootStart), connections);
            RefreshRun run = new RefreshRun(stack);
            int skipped = connections / 20;
            ObjectNode scenario = MAPPER.createObjectNode().put("name", "bench");
            scenario.putObject("generateConnections")
                    .put("users", Math.max(1, connections / 10))
                    .put("connections", connections)
                    .put("pollsUntilReady", 1)
                    .putObject("outcomes")
                    .put("SUCCEEDED", 85)
                    .put("PARTIALLY_FAILED", 5)
                    .put("FAILED", 5)
                    .put("USER_ACTION_REQUIRED", 5);
            scenario.putObject("pasts")
                    .put("REFRESHED_RECENTLY", skipped / 2)
                    .put("UNATTENDED_LIMIT", skipped / 4)
                    .put("CONSENT_EXPIRED", skipped - skipped / 2 - skipped / 4);
            Instant seedStart = Instant.now();
            RefreshRun.Plan plan = run.prepare(scenario);
            System.err.printf("seeded in %.1f s; refreshing ...%n", seconds(seedStart));

            stack.sandbox().clearRequests();
            AwsRequestCounter.reset();
            Map<String, Long> invocationsBefore = invocations(stack);
            RefreshTimeline.Cpu cpuBefore = RefreshTimeline.Cpu.now();
            Instant start = Instant.now();
            LocalApiClient.Response posted = run.post(run.caller(), "bench-" + start.toEpochMilli(), "{}");
            String refreshId = posted.json().path("refreshId").asText();
            String[] last = {""};
            JsonNode record = run.await(refreshId, run.caller(), Duration.ofMinutes(30), r -> {
                String line = RefreshCommand.progressLine(r);
                if (!line.equals(last[0]) && r.path("done").asLong() % 50 == 0) {
                    System.err.printf("[%6.1fs] %s%n", seconds(start), line);
                    last[0] = line;
                }
            });
            double wall = seconds(start);
            RefreshTimeline.Cpu cpu = RefreshTimeline.Cpu.now().since(cpuBefore);
            RefreshTimeline timeline = new RefreshTimeline();
            RefreshReport m =
                    measure(stack, plan, refreshId, record, invocationsBefore, wall, maxConcurrency, timeline);
            return m.table(connections, seconds(bootStart)) + "\n" + timeline.summary(cpu, wall) + "\n";
        }
    }

    private static RefreshReport measure(
            LocalStack stack,
            RefreshRun.Plan plan,
            String refreshId,
            JsonNode record,
            Map<String, Long> invocationsBefore,
            double wall,
            int maxConcurrency,
            RefreshTimeline timeline) {
        Set<Long> refreshed = plan.refreshed();
        long parent = new RefreshTimeline()
                .add(
                        stack.clients().sfn(),
                        stack.refresh().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + refreshId);
        for (long id : refreshed) {
            String arn = stack.deployed().stateMachineArn().replace(":stateMachine:", ":execution:") + ":"
                    + RefreshItems.importIdOf(refreshId, id);
            timeline.add(stack.clients().sfn(), arn);
        }
        long children = timeline.children();
        long childTransitions = timeline.transitions();
        long queued = record.path("queued").asLong();
        long itemSkips = record.path("skipped").path("LOCKED").asLong();
        // Map items are child executions of the Map run (their history is not the parent's): states per item from the
        // definition: Prepare connection, Run it?, Run import, Count outcome; a skip at its turn: Prepare, Run it?,
        // Skipped.
        long itemTransitions = 4 * (queued - itemSkips) + 3 * itemSkips;
        long lambda = 0;
        for (var e : invocations(stack).entrySet())
            lambda += e.getValue() - invocationsBefore.getOrDefault(e.getKey(), 0L);
        Map<String, Long> aws = AwsRequestCounter.snapshot();
        long writes = sum(
                aws,
                "DynamoDb:PutItem",
                "DynamoDb:UpdateItem",
                "DynamoDb:DeleteItem",
                "DynamoDb:BatchWriteItem",
                "DynamoDb:TransactWriteItems");
        long reads = sum(aws, "DynamoDb:GetItem", "DynamoDb:Query", "DynamoDb:BatchGetItem", "DynamoDb:Scan");
        List<RecordedRequest> log = stack.sandbox().requests();
        long updates = log.stream()
                .filter(r -> "POST".equals(r.method()) && RecordedRequest.UPDATE_TEMPLATE.equals(r.template()))
                .count();
        int peak = UpdateConcurrency.peak(log, refreshed);
        System.err.println("AWS requests by the handlers: " + aws);
        return new RefreshReport(
                wall,
                queued,
                itemSkips,
                children,
                parent,
                itemTransitions,
                childTransitions,
                lambda,
                writes,
                reads,
                log.size(),
                updates,
                peak,
                maxConcurrency,
                sum(aws, "S3:PutObject"),
                matches(record, plan));
    }

    private static boolean matches(JsonNode record, RefreshRun.Plan plan) {
        Map<String, Long> outcomes = new TreeMap<>();
        record.path("outcomes")
                .fields()
                .forEachRemaining(e -> outcomes.put(e.getKey(), e.getValue().asLong()));
        return outcomes.equals(plan.expectedOutcomes());
    }

    private static Map<String, Long> invocations(LocalStack stack) {
        Map<String, Long> counts = new TreeMap<>();
        stack.deployed()
                .functionArns()
                .keySet()
                .forEach(f -> counts.put(f, stack.lambdas().invocations(f)));
        return counts;
    }

    private static long sum(Map<String, Long> counts, String... keys) {
        long total = 0;
        for (String k : keys) total += counts.getOrDefault(k, 0L);
        return total;
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
