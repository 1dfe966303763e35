package io.finport.local;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Where a refresh run's time goes, from the child executions' histories: states entered (the transitions billed),
 * each child's duration, the time spent in each state, and the CPU the JVM and moto used meanwhile.
 */
final class RefreshTimeline {
    private final Map<String, Double> stateSeconds = new TreeMap<>();
    private long children;
    private long transitions;
    private double childSeconds;

    /** The process CPU of this JVM and of moto (a child process of it), to compare with the wall time. */
    record Cpu(Duration jvm, Duration moto) {
        static Cpu now() {
            Duration moto = ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.info().commandLine().orElse("").contains("moto"))
                    .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                    .reduce(Duration.ZERO, Duration::plus);
            return new Cpu(ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO), moto);
        }

        Cpu since(Cpu start) {
            return new Cpu(jvm.minus(start.jvm), moto.minus(start.moto));
        }
    }

    /** Reads one child's history; returns the states it entered (0 when the execution does not exist). */
    long add(SfnClient sfn, String executionArn) {
        List<HistoryEvent> events;
        try {
            events =
                    sfn
                            .getExecutionHistoryPaginator(
                                    b -> b.executionArn(executionArn).maxResults(1000))
                            .events()
                            .stream()
                            .toList();
        } catch (RuntimeException e) {
            return 0;
        }
        if (events.isEmpty()) return 0;
        Map<String, Instant> entered = new HashMap<>();
        long states = 0;
        for (HistoryEvent e : events) {
            String type = e.typeAsString();
            if (type.endsWith("StateEntered")) {
                states++;
                entered.put(e.stateEnteredEventDetails().name(), e.timestamp());
            } else if (type.endsWith("StateExited")) {
                Instant start = entered.remove(e.stateExitedEventDetails().name());
                if (start != null) {
                    stateSeconds.merge(
                            e.stateExitedEventDetails().name(),
                            Duration.between(start, e.timestamp()).toMillis() / 1000.0,
                            Double::sum);
                }
            }
        }
        children++;
        transitions += states;
        childSeconds += Duration.between(
                                events.get(0).timestamp(),
                                events.get(events.size() - 1).timestamp())
                        .toMillis()
                / 1000.0;
        return states;
    }

    long children() {
        return children;
    }

    long transitions() {
        return transitions;
    }

    /** One sentence: a child's mean duration and its largest states, and the CPU used over the wall time. */
    String summary(Cpu cpu, double wallSeconds) {
        if (children == 0) return "No child execution was read.";
        Map<String, Double> top = new LinkedHashMap<>();
        stateSeconds.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(5)
                .forEach(e -> top.put(e.getKey(), e.getValue() / children));
        StringBuilder states = new StringBuilder();
        top.forEach((name, seconds) -> states.append(String.format(Locale.ROOT, "%s %.2f s, ", name, seconds)));
        states.setLength(states.length() - 2);
        return String.format(
                Locale.ROOT,
                "Where the time went: a child import took %.2f s on average (%s); CPU used during the run: this JVM "
                        + "(handlers, sandbox, API) %.0f s, moto %.0f s, in %.0f s of wall time on %d cores.",
                childSeconds / children,
                states,
                cpu.jvm().toMillis() / 1000.0,
                cpu.moto().toMillis() / 1000.0,
                wallSeconds,
                Runtime.getRuntime().availableProcessors());
    }
}
