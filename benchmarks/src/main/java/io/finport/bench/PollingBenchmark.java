package io.finport.bench;

import io.finport.domain.poll.AdaptivePollPolicy;
import io.finport.domain.poll.ExponentialPollPolicy;
import io.finport.domain.poll.PollPolicy;
import io.finport.domain.poll.PollSettings;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Polling benchmark: the real poll policies against fixed intervals on a seeded, simulated population of imports.
 * Prints Markdown. Arguments (all optional): {@code --imports N} (default 10000), {@code --seed S} (default 20260124),
 * {@code --asl PATH} (default statemachine/import-workflow.asl.json, also looked up one folder up).
 */
public final class PollingBenchmark {

    static final int DEFAULT_IMPORTS = 10_000;
    static final long DEFAULT_SEED = 20_260_124L;
    static final String REFERENCE = "fixed 10 s";

    record PolicyStats(
            String name,
            double callsMean,
            double callsP95,
            double transitionsMean,
            double transitionsP95,
            double delayMean,
            double delayP95,
            int timedOut,
            double costPer1000,
            long minWaitSeconds,
            long maxWaitSeconds,
            double[] delays) {}

    record Report(int imports, long seed, AslLoopShape shape, double[] durations, List<PolicyStats> policies) {

        PolicyStats policy(String name) {
            return policies.stream()
                    .filter(p -> p.name().equals(name))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private PollingBenchmark() {}

    /** The policies compared, in table order; the settings are the AWS defaults of import-domain. */
    static Map<String, PollPolicy> policies() {
        PollSettings settings = PollSettings.defaults();
        PollSettings bankOnly = settings.withHistoryMinimums(Integer.MAX_VALUE, settings.minBankSamples());
        Map<String, PollPolicy> policies = new LinkedHashMap<>();
        for (int seconds : new int[] {5, 10, 15, 30}) {
            policies.put("fixed " + seconds + " s", new FixedIntervalPollPolicy(Duration.ofSeconds(seconds)));
        }
        policies.put(
                String.format(
                        Locale.ROOT,
                        "exponential %d s ×%s, max %d s",
                        settings.initialWait().toSeconds(),
                        BigDecimal.valueOf(settings.backoffFactor())
                                .stripTrailingZeros()
                                .toPlainString(),
                        settings.maxWait().toSeconds()),
                new ExponentialPollPolicy(settings));
        policies.put("adaptive, bank history only", new AdaptivePollPolicy(bankOnly));
        policies.put("adaptive", new AdaptivePollPolicy(settings));
        return policies;
    }

    static Report run(int imports, long seed, AslLoopShape shape) {
        List<SimulatedImport> population = ImportPopulation.generate(imports, seed);
        CostModel cost = CostModel.usEast1();
        List<PolicyStats> stats = new ArrayList<>();
        for (Map.Entry<String, PollPolicy> entry : policies().entrySet()) {
            PollingSimulator.Run run = PollingSimulator.run(entry.getKey(), entry.getValue(), population);
            boolean readsHistory = entry.getValue() instanceof AdaptivePollPolicy;
            double[] calls = Arrays.stream(run.calls()).asDoubleStream().toArray();
            double[] transitions = Arrays.stream(run.calls())
                    .mapToDouble(c -> shape.transitions(c))
                    .toArray();
            double[] delays = Arrays.stream(run.delaySeconds())
                    .filter(d -> !Double.isNaN(d))
                    .toArray();
            double costPerImport = 0;
            for (int i = 0; i < calls.length; i++) {
                costPerImport += cost.perImport(transitions[i], calls[i], readsHistory);
            }
            stats.add(new PolicyStats(
                    entry.getKey(),
                    mean(calls),
                    percentile(calls, 95),
                    mean(transitions),
                    percentile(transitions, 95),
                    mean(delays),
                    percentile(delays, 95),
                    run.timedOut(),
                    costPerImport / calls.length * 1_000,
                    run.minWaitSeconds(),
                    run.maxWaitSeconds(),
                    delays));
        }
        double[] durations = population.stream()
                .mapToDouble(SimulatedImport::durationSeconds)
                .toArray();
        return new Report(imports, seed, shape, durations, List.copyOf(stats));
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args, "--imports", "--seed", "--asl");
        int imports = Integer.parseInt(options.getOrDefault("--imports", "" + DEFAULT_IMPORTS));
        long seed = Long.parseLong(options.getOrDefault("--seed", "" + DEFAULT_SEED));
        Path asl = options.containsKey("--asl") ? Path.of(options.get("--asl")) : null;
        if (asl == null) {
            asl = Path.of("statemachine", "import-workflow.asl.json");
            if (!Files.isRegularFile(asl)) {
                asl = Path.of("..", "statemachine", "import-workflow.asl.json");
            }
        }
        System.out.print(runLine(imports, seed) + body(run(imports, seed, AslLoopShape.load(asl))));
    }

    /** {@code --name value} pairs; an unknown name is an error. */
    static Map<String, String> options(String[] args, String... known) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!Arrays.asList(known).contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown argument or missing value: " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /** When and where the run happened: the only part of the output that is not a function of the seed. */
    static String runLine(int imports, long seed) {
        return String.format(
                Locale.ROOT,
                "Run %s on %d cores (%s %s, Java %s); %,d imports, seed %d.%n%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                imports,
                seed);
    }

    /**
     * The tables and verdicts: a function of the seed, the population size and the ASL only, so a test can recompute
     * them and compare them with docs/performance.md.
     */
    static String body(Report report) {
        StringBuilder out = new StringBuilder();
        double[] d = report.durations().clone();
        Arrays.sort(d);
        long underMinute = Arrays.stream(d).filter(x -> x < 60).count();
        long overFive = Arrays.stream(d).filter(x -> x > 300).count();
        out.append(String.format(
                Locale.ROOT,
                "finAPI download times: min %.0f s, p10 %.0f s, median %.0f s, mean %.0f s, p90 %.0f s, p99 %.0f s, "
                        + "max %.0f s; %.1f%% under a minute, %.1f%% over 5 minutes.%n%n",
                d[0],
                percentile(d, 10),
                percentile(d, 50),
                mean(d),
                percentile(d, 90),
                percentile(d, 99),
                d[d.length - 1],
                100.0 * underMinute / d.length,
                100.0 * overFive / d.length));
        out.append(String.format(
                Locale.ROOT,
                "State transitions per import = %d + %d × status calls (%s).%n%n",
                report.shape().fixedStates(),
                report.shape().statesPerPoll(),
                report.shape().source()));
        out.append("| policy | status calls / import (mean) | (p95) | state transitions / import (mean) | (p95) "
                + "| detection delay after READY, s (mean) | (p95) | timed out | USD per 1,000 imports |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PolicyStats p : report.policies()) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %.2f | %.0f | %.1f | %.0f | %.1f | %.0f | %d | %.3f |%n",
                    p.name(),
                    p.callsMean(),
                    p.callsP95(),
                    p.transitionsMean(),
                    p.transitionsP95(),
                    p.delayMean(),
                    p.delayP95(),
                    p.timedOut(),
                    p.costPer1000()));
        }
        out.append('\n')
                .append("Prices: ")
                .append(CostModel.AS_OF)
                .append(
                        ": Step Functions Standard $0.025 per "
                                + "1,000 transitions; Lambda $0.20 per 1M requests + $0.0000166667 per GB-s (512 MB × 150 ms per "
                                + "invocation, 3 invocations outside the loop); DynamoDB on-demand $0.125 per 1M RRU / $0.625 per 1M WRU "
                                + "(adaptive only: 2 reads + 2 writes of history per import). finAPI calls are counted, not priced.\n\n");
        out.append(targets(report));
        return out.toString();
    }

    /**
     * The target for updates that can only be polled (Access, LICENSED): at the mean delay of fixed 10 s, at least 40%
     * fewer status calls and state transitions. The verdict is printed here and nowhere else.
     */
    static String targets(Report report) {
        PolicyStats reference = report.policy(REFERENCE);
        PolicyStats adaptive = report.policy("adaptive");
        double callsSaved = 1 - adaptive.callsMean() / reference.callsMean();
        double transitionsSaved = 1 - adaptive.transitionsMean() / reference.transitionsMean();
        boolean met = adaptive.delayMean() <= reference.delayMean() && callsSaved >= 0.40 && transitionsSaved >= 0.40;
        StringBuilder out = new StringBuilder();
        out.append("Targets (adaptive vs the fixed-interval curve):\n\n");
        out.append(String.format(
                Locale.ROOT,
                "- UPDATE (Access, polling only), at the mean delay of fixed 10 s (%.2f s): adaptive %.2f s, %.0f%% fewer "
                        + "status calls (%.2f vs %.2f), %.0f%% fewer state transitions (%.1f vs %.1f); need ≥ 40%% of both "
                        + "at no more delay: **%s**%n",
                reference.delayMean(),
                adaptive.delayMean(),
                100 * callsSaved,
                adaptive.callsMean(),
                reference.callsMean(),
                100 * transitionsSaved,
                adaptive.transitionsMean(),
                reference.transitionsMean(),
                met ? "met" : "not met"));
        out.append(otherSeeds(report));
        out.append("- calls × mean delay (constant along the fixed curve):");
        for (PolicyStats p : report.policies()) {
            out.append(String.format(Locale.ROOT, " %s %.0f;", p.name(), p.callsMean() * p.delayMean()));
        }
        out.setLength(out.length() - 1);
        out.append("\n");
        out.append(String.format(
                Locale.ROOT,
                "%n<!-- readme: finAPI status calls per update, adaptive poll policy vs fixed 10 s (mean detection delay "
                        + "%.1f s vs %.1f s) | %.2f vs %.2f (%.0f%% fewer); state transitions %.1f vs %.1f (%.0f%% fewer); "
                        + "target ≥ 40%% of both: %s -->%n",
                adaptive.delayMean(),
                reference.delayMean(),
                adaptive.callsMean(),
                reference.callsMean(),
                100 * callsSaved,
                adaptive.transitionsMean(),
                reference.transitionsMean(),
                100 * transitionsSaved,
                met ? "met" : "not met"));
        return out.toString();
    }

    /** Populations the verdict is not printed for: how much the reported seed's margin is worth. */
    static final long[] OTHER_SEEDS = {1, 2, 3};

    /** The same comparison on other populations (other banks, other mix of slow ones), without a verdict. */
    static String otherSeeds(Report report) {
        StringBuilder out = new StringBuilder("- the same comparison on other seeds (no verdict):");
        for (long seed : OTHER_SEEDS) {
            if (seed == report.seed()) continue;
            Report other = run(report.imports(), seed, report.shape());
            PolicyStats reference = other.policy(REFERENCE);
            PolicyStats adaptive = other.policy("adaptive");
            out.append(String.format(
                    Locale.ROOT,
                    " seed %d: %.0f%% fewer calls, %.0f%% fewer transitions, delay %.2f s vs %.2f s;",
                    seed,
                    100 * (1 - adaptive.callsMean() / reference.callsMean()),
                    100 * (1 - adaptive.transitionsMean() / reference.transitionsMean()),
                    adaptive.delayMean(),
                    reference.delayMean()));
        }
        out.setLength(out.length() - 1);
        return out.append("\n").toString();
    }

    static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
