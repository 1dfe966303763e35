package io.finport.bench;

import io.finport.domain.poll.PollDecision;
import io.finport.domain.poll.PollHistory;
import io.finport.domain.poll.PollPolicy;
import io.finport.domain.poll.PollState;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs imports through a poll policy on a virtual clock (no real waiting).
 *
 * <p>Time 0 is the moment the import call returned IN_PROGRESS (attempt 1). The policy chooses a wait, the clock
 * advances, one finAPI status call happens; finAPI answers READY iff the clock has reached the import's duration.
 * Lambda and state transition latencies are ignored (equal for all policies). Imports run one after the other in
 * sequence order, and every finished import adds its observed duration (finAPI's reported end of the update, which
 * falls between the last IN_PROGRESS check and the READY check, as the CheckStatus Lambda records it) to its bank's
 * and its connection's history, so later imports can learn from earlier ones.
 */
final class PollingSimulator {

    static final Duration DEADLINE = Duration.ofMinutes(20);

    private PollingSimulator() {}

    /** Per-import results, index = position in the input list; {@code delay} is NaN for timed-out imports. */
    record Run(
            String policy,
            int[] calls,
            double[] delaySeconds,
            int timedOut,
            long minWaitSeconds,
            long maxWaitSeconds) {}

    static Run run(String name, PollPolicy policy, List<SimulatedImport> imports) {
        Map<Integer, PollHistory> bankHistory = new HashMap<>();
        Map<Integer, PollHistory> connectionHistory = new HashMap<>();
        int[] calls = new int[imports.size()];
        double[] delays = new double[imports.size()];
        int timedOut = 0;
        long minWait = Long.MAX_VALUE;
        long maxWait = Long.MIN_VALUE;
        for (int i = 0; i < imports.size(); i++) {
            SimulatedImport simulated = imports.get(i);
            PollHistory connection = connectionHistory.getOrDefault(simulated.connectionId(), PollHistory.empty());
            PollHistory bank = bankHistory.getOrDefault(simulated.bankId(), PollHistory.empty());
            long elapsed = 0;
            long lastPending = 0;
            int attempt = 1;
            boolean ready = false;
            while (!ready) {
                PollDecision decision =
                        policy.next(new PollState(attempt, Duration.ofSeconds(elapsed), DEADLINE, connection, bank));
                if (decision.deadlineReached()) {
                    break;
                }
                minWait = Math.min(minWait, decision.waitSeconds());
                maxWait = Math.max(maxWait, decision.waitSeconds());
                lastPending = elapsed;
                elapsed += decision.waitSeconds();
                calls[i]++;
                attempt++;
                ready = elapsed >= simulated.durationSeconds();
            }
            if (ready) {
                delays[i] = elapsed - simulated.durationSeconds();
                // As the CheckStatus Lambda learns it: finAPI reports when the update ended.
                Duration observed = PollHistory.observedDuration(
                        Duration.ofSeconds(lastPending),
                        Duration.ofSeconds(elapsed),
                        Duration.ofMillis(Math.round(simulated.durationSeconds() * 1000)));
                bankHistory.put(simulated.bankId(), bank.with(observed));
                connectionHistory.put(simulated.connectionId(), connection.with(observed));
            } else {
                delays[i] = Double.NaN;
                timedOut++;
            }
        }
        return new Run(name, calls, delays, timedOut, minWait, maxWait);
    }
}
