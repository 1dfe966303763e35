package io.finport.workflow.callback;

import java.time.Duration;
import java.util.Optional;

/**
 * The import side of finAPI's callbacks: issues the callback URLs when a web form or task is created, and says how
 * long a run waits for a callback before it checks finAPI itself.
 */
public class FinapiCallbacks {
    private final CallbackConfig config;
    private final CallbackTokens tokens;

    public FinapiCallbacks(CallbackConfig config, CallbackTokens tokens) {
        this.config = config;
        this.tokens = tokens;
    }

    /** No callbacks: every phase polls (no callback base URL configured). */
    public static FinapiCallbacks off() {
        return new FinapiCallbacks(new CallbackConfig(Optional.empty(), Duration.ofSeconds(300)), null);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The URL for a web form's {@code callbacks.finalised}; empty when callbacks are off. */
    public Optional<CallbackUrls> forWebForm(String importId) {
        if (!enabled()) return Optional.empty();
        return Optional.of(new CallbackUrls(config.urlFor(tokens.issue(importId)), null));
    }

    /** The URLs for a background update task's {@code callbacks.finalised} and {@code webFormRequired}. */
    public Optional<CallbackUrls> forTask(String importId) {
        if (!enabled()) return Optional.empty();
        return Optional.of(
                new CallbackUrls(config.urlFor(tokens.issue(importId)), config.urlFor(tokens.issue(importId))));
    }

    /**
     * How long to wait for a callback before the fallback status check: the configured wait, never past the
     * deadline (at least 1 s, Step Functions' smallest timeout).
     */
    public long fallbackWaitSeconds(Duration untilDeadline) {
        long wait = Math.min(config.fallbackWait().toSeconds(), untilDeadline.toSeconds());
        return Math.max(1, wait);
    }
}
