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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * {@code scripts/benchmark refresh}: one refresh of N generated connections on the local stack (waits shortened as in
 * every local run), measured: wall time, child executions, state transitions, Lambda invocations, DynamoDB and finAPI
 * requests per connection, the peak of finAPI updates in flight (from the sandbox's request log), and the same counts
 * for 100,000 connections with USD at list prices. Prints Markdown; {@code scripts/benchmark refresh} writes it into
 * docs/performance.md (block {@code bench:refresh}).
 */
public final class RefreshBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long SCALE = 100_000;
    private static final int TARGET_CONNECTIONS = 1_000;
    private static final Duration TARGET_WALL = Duration.ofMinutes(10);
    // List prices, us-east-1 (the same basis as the polling table): Step Functions Standard $0.025 per 1,000 state
    // transitions; Lambda $0.20 per 1M requests + $0.0000166667 per GB-s (1 GB functions, 200 ms assumed per call);
    // DynamoDB on demand $0.625 per 1M write and $0.125 per 1M read request units (items under 1 KB); S3 $0.005 per
    // 1,000 PUT and $0.0004 per 1,000 GET.
    private static final double PER_TRANSITION = 0.025 / 1_000;
    private static final double PER_LAMBDA = 0.20 / 1_000_000 + 1.0 * 0.2 * 0.0000166667;
    private static final double PER_WRITE = 0.625 / 1_000_000;
    private static final double PER_READ = 0.125 / 1_000_000;

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

    static String run(int connections, int maxConcurrency) throws IOException {
        Instant bootStart = Instant.now();
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults(LocalStack.repoRoot()))) {
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
            Instant start = Instant.now();
            LocalApiClient.Response posted = run.post(RefreshRun.CALLER, "bench-" + start.toEpochMilli(), "{}");
            String refreshId = posted.json().path("refreshId").asText();
            String[] last = {""};
            JsonNode record = run.await(refreshId, RefreshRun.CALLER, Duration.ofMinutes(30), r -> {
                String line = RefreshCommand.progressLine(r);
                if (!line.equals(last[0]) && r.path("done").asLong() % 50 == 0) {
                    System.err.printf("[%6.1fs] %s%n", seconds(start), line);
                    last[0] = line;
                }
            });
            double wall = seconds(start);
            Measured m = measure(stack, plan, refreshId, record, invocationsBefore, wall, maxConcurrency);
            return m.table(connections);
        }
    }

    record Measured(
            double wallSeconds,
            long queued,
            long itemSkips,
            long children,
            long parentTransitions,
            long itemTransitions,
            long childTransitions,
            long lambda,
            long dynamoWrites,
            long dynamoReads,
            long finapiRequests,
            long finapiUpdates,
            int peak,
            int maxConcurrency,
            long s3Puts,
            boolean countsMatch) {

        String table(int connections) {
            long transitions = parentTransitions + itemTransitions + childTransitions;
            double perConnectionTransitions = (double) transitions / connections;
            double perLambda = (double) lambda / connections;
            double perWrite = (double) dynamoWrites / connections;
            double perRead = (double) dynamoReads / connections;
            double usd = SCALE
                            * (perConnectionTransitions * PER_TRANSITION
                                    + perLambda * PER_LAMBDA
                                    + perWrite * PER_WRITE
                                    + perRead * PER_READ)
                    + 2 * 0.005 / 1_000
                    + 1 * 0.0004 / 1_000;
            StringBuilder t = new StringBuilder();
            t.append(String.format(
                    Locale.ROOT,
                    "Refresh of %,d connections (%,d queued, %,d skipped before finAPI), MaxConcurrency %d, "
                            + "local stack on this machine; counts %s.%n%n",
                    connections,
                    queued,
                    connections - queued,
                    maxConcurrency,
                    countsMatch ? "as planned" : "DIFFERENT from the plan"));
            t.append("| measure | this run | per connection | 100,000 connections |\n|---|---:|---:|---:|\n");
            row(t, "wall time (s)", wallSeconds, wallSeconds / connections, Double.NaN);
            row(
                    t,
                    "child import executions",
                    children,
                    (double) children / connections,
                    (double) children / connections * SCALE);
            row(
                    t,
                    "state transitions (refresh run, map items, child imports)",
                    transitions,
                    perConnectionTransitions,
                    perConnectionTransitions * SCALE);
            row(
                    t,
                    "  of which refresh run / map items / child imports",
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    parentTransitions + " / " + itemTransitions + " / " + childTransitions);
            row(t, "Lambda invocations", lambda, perLambda, perLambda * SCALE);
            row(t, "DynamoDB write requests", dynamoWrites, perWrite, perWrite * SCALE);
            row(t, "DynamoDB read requests", dynamoReads, perRead, perRead * SCALE);
            row(
                    t,
                    "finAPI requests",
                    finapiRequests,
                    (double) finapiRequests / connections,
                    (double) finapiRequests / connections * SCALE);
            row(
                    t,
                    "finAPI updates (POST /bankConnections/update)",
                    finapiUpdates,
                    (double) finapiUpdates / connections,
                    Double.NaN);
            row(
                    t,
                    "peak finAPI updates in flight (limit: MaxConcurrency " + maxConcurrency + ")",
                    peak,
                    Double.NaN,
                    Double.NaN);
            row(t, "S3 requests by the functions (manifest)", s3Puts, Double.NaN, Double.NaN);
            t.append(String.format(
                    Locale.ROOT,
                    "| USD at list prices (Step Functions, Lambda, DynamoDB, S3) | | %.6f | %.2f |%n",
                    usd / SCALE,
                    usd));
            t.append(String.format(
                    Locale.ROOT,
                    "%nThroughput here: %.0f connections per minute with MaxConcurrency %d; at that rate "
                            + "100,000 connections would take %.1f h. On AWS a child import's duration is set by finAPI and the poll "
                            + "waits, not by this machine: at MaxConcurrency %d and about 30 s per update, 100,000 take about %.0f h, "
                            + "so a twice-daily schedule needs MaxConcurrency of roughly %d or more (within finAPI's rate limit).%n",
                    queued / wallSeconds * 60,
                    maxConcurrency,
                    wallSeconds / queued * SCALE / 3600,
                    maxConcurrency,
                    SCALE * 30.0 / maxConcurrency / 3600,
                    (int) Math.ceil(SCALE * 30.0 / (12 * 3600))));
            t.append(verdicts(connections));
            t.append(String.format(
                    Locale.ROOT,
                    "%n<!-- readme: refresh of %,d connections on the local stack (`scripts/benchmark refresh`) | "
                            + "%.1f min; per connection %.2f state transitions, %.2f Lambda invocations; USD %.2f per "
                            + "100,000 connections at list prices; peak %d finAPI updates in flight (MaxConcurrency %d) -->%n",
                    connections,
                    wallSeconds / 60,
                    perConnectionTransitions,
                    perLambda,
                    usd,
                    peak,
                    maxConcurrency));
            return t.toString();
        }

        /** The targets; the verdicts are printed here and nowhere else. */
        String verdicts(int connections) {
            String wall = connections >= TARGET_CONNECTIONS
                    ? String.format(
                            Locale.ROOT,
                            "%.1f min: **%s**",
                            wallSeconds / 60,
                            wallSeconds < TARGET_WALL.toSeconds() ? "met" : "not met")
                    : String.format(
                            Locale.ROOT,
                            "not measured by this run (%,d connections in %.1f min)",
                            connections,
                            wallSeconds / 60);
            return String.format(
                    Locale.ROOT,
                    "%nTargets: peak finAPI updates in flight %d ≤ MaxConcurrency %d: **%s**; outcomes per connection as "
                            + "planned: **%s**; %,d connections in under %d minutes on this machine: %s.%n",
                    peak,
                    maxConcurrency,
                    peak <= maxConcurrency ? "met" : "not met",
                    countsMatch ? "met" : "not met",
                    TARGET_CONNECTIONS,
                    TARGET_WALL.toMinutes(),
                    wall);
        }

        private static void row(StringBuilder t, String name, double value, double per, double scaled) {
            row(t, name, value, per, scaled, null);
        }

        private static void row(StringBuilder t, String name, double value, double per, double scaled, String text) {
            t.append("| ")
                    .append(name)
                    .append(" | ")
                    .append(text != null ? text : Double.isNaN(value) ? "" : format(value))
                    .append(" | ")
                    .append(Double.isNaN(per) ? "" : String.format(Locale.ROOT, "%.2f", per))
                    .append(" | ")
                    .append(Double.isNaN(scaled) ? "" : String.format(Locale.ROOT, "%,.0f", scaled))
                    .append(" |\n");
        }

        private static String format(double v) {
            return v == Math.rint(v)
                    ? String.format(Locale.ROOT, "%,d", (long) v)
                    : String.format(Locale.ROOT, "%.1f", v);
        }
    }

    private static Measured measure(
            LocalStack stack,
            RefreshRun.Plan plan,
            String refreshId,
            JsonNode record,
            Map<String, Long> invocationsBefore,
            double wall,
            int maxConcurrency) {
        Set<Long> refreshed = plan.refreshed();
        long parent = stateEntered(
                stack, stack.refresh().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + refreshId);
        long childTransitions = 0;
        long children = 0;
        for (long id : refreshed) {
            String arn = stack.deployed().stateMachineArn().replace(":stateMachine:", ":execution:") + ":"
                    + RefreshItems.importIdOf(refreshId, id);
            long entered = stateEntered(stack, arn);
            if (entered > 0) children++;
            childTransitions += entered;
        }
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
        return new Measured(
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

    private static long stateEntered(LocalStack stack, String executionArn) {
        long entered = 0;
        try {
            for (HistoryEvent e : stack.clients()
                    .sfn()
                    .getExecutionHistoryPaginator(
                            b -> b.executionArn(executionArn).maxResults(1000))
                    .events()) {
                if (e.typeAsString().endsWith("StateEntered")) entered++;
            }
        } catch (RuntimeException e) {
            return 0;
        }
        return entered;
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
