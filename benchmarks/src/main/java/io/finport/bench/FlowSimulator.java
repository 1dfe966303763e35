package io.finport.bench;

import io.finport.bench.FlowPopulation.Flow;
import io.finport.domain.poll.PollDecision;
import io.finport.domain.poll.PollHistory;
import io.finport.domain.poll.PollPolicy;
import io.finport.domain.poll.PollState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs imports with a user phase (web form or background update task) through one way of waiting for it, then follows
 * the download with the poll policy, on a virtual clock.
 *
 * <p>Waiting for the user phase is either polling (a status check after each wait the policy chooses, without history:
 * nothing predicts a person) or the callback wait: a wait that ends when finAPI's callback arrives or after the
 * fallback timeout, each followed by one status check; after a timeout it waits again. The check that sees the form or
 * task final also reads the connection. A completed web form's download is then polled with the download policy,
 * which learns each bank's download times (a new import has no connection history). Latencies of Lambda and state
 * transitions are ignored.
 */
final class FlowSimulator {

    /** The template's default PollDeadlineSeconds: the whole import, user phase included. */
    static final Duration DEADLINE = Duration.ofSeconds(1800);

    /** How the execution learns that the web form or task is final. */
    sealed interface UserPhase {
        record Polling(PollPolicy policy) implements UserPhase {}

        /** @param latencySeconds from the final status until a delivered callback wakes the execution */
        record Callbacks(long timeoutSeconds, double lossRate, double latencySeconds) implements UserPhase {
            /** With the assumed latency ({@link FlowPopulation#CALLBACK_LATENCY_SECONDS}). */
            Callbacks(long timeoutSeconds, double lossRate) {
                this(timeoutSeconds, lossRate, FlowPopulation.CALLBACK_LATENCY_SECONDS);
            }
        }
    }

    /**
     * What one import cost and how late it noticed.
     *
     * @param statusCalls    finAPI status requests (web form or task, connection)
     * @param pollChecks     status checks after a Wait state (the poll loop)
     * @param waits          callback waits entered
     * @param callbackWakes  waits ended by the callback
     * @param timeouts       waits ended by the timeout (a fallback status check follows)
     * @param userDelay      seconds from the form's or task's final status to the check that saw it
     * @param delay          seconds the execution lagged behind finAPI in total (user phase plus download)
     * @param timedOut       whether the deadline ended it first
     */
    record Result(
            int statusCalls,
            int pollChecks,
            int waits,
            int callbackWakes,
            int timeouts,
            double userDelay,
            double delay,
            boolean timedOut) {}

    private final PollPolicy downloadPolicy;
    private final Map<Integer, PollHistory> bankHistory = new HashMap<>();

    FlowSimulator(PollPolicy downloadPolicy) {
        this.downloadPolicy = downloadPolicy;
    }

    /** Runs the flows in order (later ones learn from earlier downloads); one result per flow. */
    static List<Result> run(UserPhase userPhase, PollPolicy downloadPolicy, List<Flow> flows) {
        FlowSimulator simulator = new FlowSimulator(downloadPolicy);
        return flows.stream().map(f -> simulator.simulate(userPhase, f)).toList();
    }

    private Result simulate(UserPhase userPhase, Flow flow) {
        Counter c = new Counter();
        double noticed = switch (userPhase) {
            case UserPhase.Polling polling -> pollUserPhase(polling.policy(), flow, c);
            case UserPhase.Callbacks callbacks -> awaitCallback(callbacks, flow, c);
        };
        if (Double.isNaN(noticed)) {
            return new Result(c.calls, c.pollChecks, c.waits, c.wakes, c.timeouts, Double.NaN, Double.NaN, true);
        }
        double userDelay = noticed - flow.finalSeconds();
        c.calls++; // the same check reads the connection once the form or task is final
        if (!flow.downloads() || noticed >= flow.readySeconds()) {
            double late = flow.downloads() ? noticed - flow.readySeconds() : 0;
            return new Result(c.calls, c.pollChecks, c.waits, c.wakes, c.timeouts, userDelay, userDelay + late, false);
        }
        double ready = followDownload(flow, noticed, c);
        if (Double.isNaN(ready)) {
            return new Result(c.calls, c.pollChecks, c.waits, c.wakes, c.timeouts, userDelay, Double.NaN, true);
        }
        return new Result(
                c.calls,
                c.pollChecks,
                c.waits,
                c.wakes,
                c.timeouts,
                userDelay,
                userDelay + ready - flow.readySeconds(),
                false);
    }

    /** Status checks after each wait of a policy without history; the time of the check that saw it, NaN at the deadline. */
    private static double pollUserPhase(PollPolicy policy, Flow flow, Counter c) {
        long t = 0;
        for (int attempt = 1; ; attempt++) {
            PollDecision decision = policy.next(
                    new PollState(attempt, Duration.ofSeconds(t), DEADLINE, PollHistory.empty(), PollHistory.empty()));
            if (decision.deadlineReached()) return Double.NaN;
            t += decision.waitSeconds();
            c.calls++;
            c.pollChecks++;
            if (t >= flow.finalSeconds()) return t;
        }
    }

    /** Callback waits with a fallback check at each timeout; the time of the check that saw it, NaN at the deadline. */
    private static double awaitCallback(UserPhase.Callbacks callbacks, Flow flow, Counter c) {
        double callbackAt = flow.callbackArrives(callbacks.lossRate())
                ? flow.finalSeconds() + callbacks.latencySeconds()
                : Double.POSITIVE_INFINITY;
        double t = 0;
        while (t < DEADLINE.toSeconds()) {
            c.waits++;
            double timeoutAt = Math.min(t + callbacks.timeoutSeconds(), DEADLINE.toSeconds());
            if (callbackAt <= timeoutAt) {
                t = callbackAt;
                callbackAt = Double.POSITIVE_INFINITY; // one callback per form or task
                c.wakes++;
            } else {
                t = timeoutAt;
                c.timeouts++;
            }
            c.calls++;
            if (t >= flow.finalSeconds()) return t;
        }
        return Double.NaN;
    }

    /** Polls the new connection until READY, learning the bank's download time; NaN at the deadline. */
    private double followDownload(Flow flow, double start, Counter c) {
        PollHistory bank = bankHistory.getOrDefault(flow.download().bankId(), PollHistory.empty());
        Duration remaining = DEADLINE.minusSeconds((long) Math.ceil(start));
        long elapsed = 0;
        long lastPending = 0;
        for (int attempt = 1; ; attempt++) {
            PollDecision decision = downloadPolicy.next(
                    new PollState(attempt, Duration.ofSeconds(elapsed), remaining, PollHistory.empty(), bank));
            if (decision.deadlineReached()) return Double.NaN;
            lastPending = elapsed;
            elapsed += decision.waitSeconds();
            c.calls++;
            c.pollChecks++;
            if (start + elapsed >= flow.readySeconds()) {
                // As the CheckStatus Lambda learns it: finAPI reports when the update ended.
                Duration observed = PollHistory.observedDuration(
                        Duration.ofSeconds(lastPending),
                        Duration.ofSeconds(elapsed),
                        Duration.ofMillis(Math.round((flow.readySeconds() - start) * 1000)));
                bankHistory.put(flow.download().bankId(), bank.with(observed));
                return start + elapsed;
            }
        }
    }

    private static final class Counter {
        int calls;
        int pollChecks;
        int waits;
        int wakes;
        int timeouts;
    }
}
