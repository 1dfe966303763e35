package io.finport.workflow.callback;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where finAPI calls us back and how long a run waits for that call before it checks finAPI itself.
 *
 * @param baseUrl      the API's public URL ({@code .../v1}) that {@code /callbacks/finapi/{token}} is appended to;
 *                     empty: no callbacks are registered and every phase polls
 * @param fallbackWait the longest wait for a callback; after it a status check runs (a lost callback costs this delay)
 */
public record CallbackConfig(Optional<URI> baseUrl, Duration fallbackWait) {
    static final String PATH_PREFIX = "/callbacks/finapi/";

    public CallbackConfig {
        if (fallbackWait.isNegative() || fallbackWait.isZero()) {
            throw new IllegalStateException("CALLBACK_FALLBACK_SECONDS must be positive");
        }
    }

    public static CallbackConfig fromEnvironment(Map<String, String> env) {
        String base = env.getOrDefault("CALLBACK_BASE_URL", "").trim();
        return new CallbackConfig(
                base.isEmpty() ? Optional.empty() : Optional.of(URI.create(base.replaceAll("/+$", ""))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("CALLBACK_FALLBACK_SECONDS", "300"))));
    }

    public boolean enabled() {
        return baseUrl.isPresent();
    }

    /** The URL finAPI is given for one token. */
    URI urlFor(String token) {
        return URI.create(baseUrl.orElseThrow() + PATH_PREFIX + token);
    }
}
