package io.finport.local;

import java.time.Duration;
import java.util.Locale;

/**
 * What one refresh benchmark run measured, as the Markdown table {@code scripts/benchmark refresh} writes into
 * docs/performance.md, with the counts scaled to 100,000 connections, USD at list prices and the targets' verdicts.
 */
record RefreshReport(
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
    static final long SCALE = 100_000;
    static final int TARGET_CONNECTIONS = 1_000;
    static final Duration TARGET_WALL = Duration.ofMinutes(10);
    // List prices, us-east-1 (the same basis as the polling table): Step Functions Standard $0.025 per 1,000 state
    // transitions; Lambda $0.20 per 1M requests + $0.0000166667 per GB-s (1 GB functions, 200 ms assumed per call);
    // DynamoDB on demand $0.625 per 1M write and $0.125 per 1M read request units (items under 1 KB); S3 $0.005 per
    // 1,000 PUT and $0.0004 per 1,000 GET.
    static final double PER_TRANSITION = 0.025 / 1_000;
    static final double PER_LAMBDA = 0.20 / 1_000_000 + 1.0 * 0.2 * 0.0000166667;
    static final double PER_WRITE = 0.625 / 1_000_000;
    static final double PER_READ = 0.125 / 1_000_000;

    /** The table, the verdicts and the README line; {@code totalSeconds}: the whole run, stack start to histories read. */
    String table(int connections, double totalSeconds) {
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
        row(t, "wall time of the refresh (s)", wallSeconds, wallSeconds / connections, Double.NaN);
        row(
                t,
                "wall time of the whole run: stack start, seeding, refresh, reading the histories (s)",
                Math.rint(totalSeconds * 10) / 10,
                Double.NaN,
                Double.NaN);
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
        t.append(verdicts(connections, totalSeconds));
        t.append(String.format(
                Locale.ROOT,
                "%n<!-- readme: refresh of %,d connections on the local stack (`scripts/benchmark refresh`) | "
                        + "%.1f min for the whole run; per connection %.2f state transitions, %.2f Lambda invocations; USD %.2f per "
                        + "100,000 connections at list prices; peak %d finAPI updates in flight (MaxConcurrency %d) -->%n",
                connections,
                totalSeconds / 60,
                perConnectionTransitions,
                perLambda,
                usd,
                peak,
                maxConcurrency));
        return t.toString();
    }

    /** The targets; the verdicts are printed here and nowhere else. The time target is for the whole run. */
    String verdicts(int connections, double totalSeconds) {
        String wall = connections >= TARGET_CONNECTIONS
                ? String.format(
                        Locale.ROOT,
                        "%.1f min: **%s**",
                        totalSeconds / 60,
                        totalSeconds < TARGET_WALL.toSeconds() ? "met" : "not met")
                : String.format(
                        Locale.ROOT,
                        "not measured by this run (%,d connections in %.1f min)",
                        connections,
                        totalSeconds / 60);
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
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
