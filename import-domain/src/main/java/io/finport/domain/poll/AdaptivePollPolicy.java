package io.finport.domain.poll;

import java.util.Objects;

/**
 * Learns when finAPI is likely to finish and concentrates the status checks there.
 *
 * <p>Source: the connection's own history once it has {@code minConnectionSamples} (durations of one connection
 * cluster tightly: same bank, same accounts, same transaction volume), else the bank's once it has {@code
 * minBankSamples}, else the {@link ExponentialPollPolicy}.
 *
 * <p>From the history it takes the expected window [p10, p90], widened by {@code windowMargin} on both sides, and
 * plans three phases, derived from the elapsed time alone so that the policy stays stateless:
 * <ol>
 *   <li>before the window: one wait to the first check, at the {@code firstCheckQuantile} of the history but at
 *       least one step into the window (in maxWait steps for slow banks);</li>
 *   <li>inside it: evenly spaced checks, step = sqrt(window × {@code windowStepUnit}) capped at {@code
 *       maxWindowStep}: a narrow window (a regular connection) is checked densely, a wide one (only the bank is
 *       known) more sparsely;</li>
 *   <li>after it (an outlier): wait as long as the overshoot so far, i.e. the overshoot doubles with every check,
 *       so a stuck import costs few calls.</li>
 * </ol>
 * Every wait stays within [minWait, maxWait] and never passes the deadline.
 */
public final class AdaptivePollPolicy implements PollPolicy {

    private final PollSettings settings;
    private final PollPolicy fallback;

    public AdaptivePollPolicy(PollSettings settings) {
        this(settings, new ExponentialPollPolicy(settings));
    }

    AdaptivePollPolicy(PollSettings settings, PollPolicy fallback) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public PollDecision next(PollState state) {
        PollHistory history = learnedHistory(state);
        if (history == null || state.deadlineReached()) {
            return history == null ? fallback.next(state) : settings.decide(state, 0);
        }
        double start = history.quantileSeconds(0.10) * (1 - settings.windowMargin());
        double end = history.quantileSeconds(0.90) * (1 + settings.windowMargin());
        double minStep = settings.minWait().toMillis() / 1000.0;
        double unit = settings.windowStepUnit().toMillis() / 1000.0;
        double step = Math.max(
                minStep,
                Math.min(
                        Math.sqrt(Math.max(0, end - start) * unit),
                        settings.maxWindowStep().toMillis() / 1000.0));
        double elapsed = state.elapsed().toMillis() / 1000.0;

        // The first check goes where most past runs had finished, at least one step into the window.
        double firstCheck = Math.max(start + step, history.quantileSeconds(settings.firstCheckQuantile()));

        double wait;
        if (elapsed + minStep <= start) {
            wait = firstCheck - elapsed;
        } else if (elapsed < end) {
            wait = step;
        } else {
            wait = Math.max(step, elapsed - end);
        }
        return settings.decide(state, wait);
    }

    /** The history the policy trusts for this state, or null when neither has enough samples. */
    PollHistory learnedHistory(PollState state) {
        if (state.connectionHistory().size() >= settings.minConnectionSamples()) {
            return state.connectionHistory();
        }
        if (state.bankHistory().size() >= settings.minBankSamples()) {
            return state.bankHistory();
        }
        return null;
    }
}
