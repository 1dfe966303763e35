package io.finport.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Web Form 2.0's callbacks in the sandbox: when a web form or task turns final (or a task needs the user's web form),
 * finAPI POSTs to the URL the client registered ({@code callbacks.finalised}, {@code callbacks.webFormRequired}) and
 * ignores the answer. A scenario can drop or delay a callback, and let a web form or task turn final after a time
 * instead of after polls ({@link Scenario.CallbackSpec}). URLs are never printed: they hold the client's secret token.
 */
final class SandboxCallbacks implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "finapi-sandbox-callbacks");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<SentCallback> log = new CopyOnWriteArrayList<>();
    private final List<String> registered = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final Object lock;

    /** Timer actions run under {@code lock}: the one the sandbox's requests hold, so both see one order of events. */
    SandboxCallbacks(Clock clock, Object lock) {
        this.clock = clock;
        this.lock = lock;
    }

    /**
     * The URLs of a create request's {@code callbacks} object: finalised and webFormRequired (either may be null).
     * They are kept for tests that check the client's secrets never leak (see {@link #registeredUrls()}).
     */
    String[] register(JsonNode body) {
        JsonNode callbacks = body.path("callbacks");
        String[] urls = {text(callbacks, "finalised"), text(callbacks, "webFormRequired")};
        for (String url : urls) if (url != null) registered.add(url);
        return urls;
    }

    List<String> registeredUrls() {
        return List.copyOf(registered);
    }

    /** Runs the action (a web form or task turning final by time) under the lock after the given delay. */
    void after(int millis, Runnable action) {
        timer.schedule(
                () -> {
                    synchronized (lock) {
                        action.run();
                    }
                },
                millis,
                TimeUnit.MILLISECONDS);
    }

    /** Sends one callback as the spec says: now, later, or never. */
    void send(
            String kind,
            String subjectId,
            String status,
            String url,
            Map<String, Object> body,
            Scenario.CallbackSpec spec) {
        if (url == null) return;
        if (spec.drop()) {
            log.add(new SentCallback(kind, subjectId, status, "DROPPED", clock.instant()));
            return;
        }
        timer.schedule(() -> post(kind, subjectId, status, url, body), spec.delayMillis(), TimeUnit.MILLISECONDS);
    }

    private void post(String kind, String subjectId, String status, String url, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> log.add(new SentCallback(
                            kind,
                            subjectId,
                            status,
                            error == null ? "SENT " + response.statusCode() : "FAILED",
                            clock.instant())));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            log.add(new SentCallback(kind, subjectId, status, "FAILED", clock.instant()));
        }
    }

    List<SentCallback> sent() {
        return List.copyOf(log);
    }

    void clear() {
        log.clear();
        registered.clear();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }
}
