package io.finport.finapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire under {@link FinapiClient} and {@link FinapiTokens}: builds and sends one HTTP request, reports its
 * summary to the {@link FinapiCallLog}, and turns bodies into JSON and model records. It knows no tokens and never
 * retries.
 */
final class FinapiTransport {

    /** One logical API request; {@code user == null} means it runs with the client token. */
    record Call(Endpoint endpoint, URI uri, JsonNode body, UserCredentials user, Map<String, String> headers) {
        Call(Endpoint endpoint, URI uri, JsonNode body, UserCredentials user) {
            this(endpoint, uri, body, user, Map.of());
        }
    }

    /** A successful response with its parsed JSON object and the request id it was sent with. */
    record Exchange(Endpoint endpoint, int status, String requestId, JsonNode json) {}

    /** The answer as it came: status, headers (names case-insensitive) and body. */
    record RawResponse(int status, Map<String, List<String>> headers, byte[] body) {}

    private final HttpWire wire;
    private final FinapiCallLog callLog;
    private final FinapiConfig config;

    FinapiTransport(FinapiConfig config, HttpWire wire, FinapiCallLog callLog) {
        this.config = config;
        this.wire = wire;
        this.callLog = callLog;
    }

    /** Prepares the wire now (its TLS context), opening no connection. */
    void prepareWire() {
        wire.prepare();
    }

    HttpWire.Request apiRequest(Call call, byte[] body, String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.putAll(call.headers());
        if (body != null) headers.put("Content-Type", "application/json");
        return new HttpWire.Request(call.endpoint().method(), call.uri(), headers, body, false);
    }

    RawResponse send(HttpWire.Request request, Endpoint endpoint, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.put("X-Request-Id", requestId);
        headers.put("Accept", "application/json");
        long started = System.nanoTime();
        try {
            HttpWire.Response response = wire.send(new HttpWire.Request(
                    request.method(), request.uri(), headers, request.body(), request.resendable()));
            log(endpoint, Integer.toString(response.status()), started, requestId);
            return new RawResponse(response.status(), response.headers(), response.body());
        } catch (SocketTimeoutException e) {
            log(endpoint, "timeout", started, requestId);
            throw new FinapiTransientException(0, null, endpoint.toString(), requestId, null, null, e);
        } catch (IOException e) {
            log(endpoint, "io_error", started, requestId);
            throw new FinapiTransientException(0, null, endpoint.toString(), requestId, null, null, e);
        }
    }

    private void log(Endpoint endpoint, String status, long startedNanos, String requestId) {
        long millis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        callLog.exchanged(endpoint.method(), endpoint.pathTemplate(), status, millis, requestId);
    }

    byte[] serialize(JsonNode node) {
        return JsonTrees.write(node);
    }

    // Parser exceptions are never attached as causes: their messages can quote response content (IBANs, names).
    Exchange exchange(RawResponse response, Endpoint endpoint, String requestId) {
        if (response.body() == null || response.body().length == 0) {
            throw new FinapiResponseException(response.status(), endpoint.toString(), requestId, "empty body");
        }
        JsonNode root;
        try {
            root = JsonTrees.read(response.body());
        } catch (IOException | RuntimeException e) {
            throw new FinapiResponseException(
                    response.status(), endpoint.toString(), requestId, "body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new FinapiResponseException(
                    response.status(), endpoint.toString(), requestId, "body is not a JSON object");
        }
        return new Exchange(endpoint, response.status(), requestId, root);
    }

    <T> T convert(Exchange exchange, Class<T> type) {
        return convert(exchange, exchange.json(), type);
    }

    <T> T convert(Exchange exchange, JsonNode node, Class<T> type) {
        try {
            return ModelReader.read(type, node);
        } catch (RuntimeException e) {
            throw new FinapiResponseException(
                    exchange.status(),
                    exchange.endpoint().toString(),
                    exchange.requestId(),
                    "body does not match " + type.getSimpleName());
        }
    }

    static FinapiResponseException missingField(Exchange exchange, String field) {
        return new FinapiResponseException(
                exchange.status(), exchange.endpoint().toString(), exchange.requestId(), "missing field " + field);
    }

    URI accessUri(String pathAndQuery) {
        return join(config.accessBaseUrl(), pathAndQuery);
    }

    URI webFormUri(String pathAndQuery) {
        return join(config.webFormBaseUrl(), pathAndQuery);
    }

    // String join instead of URI.resolve, so a base URL with a path prefix (e.g. behind a proxy) keeps it.
    private static URI join(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }
}
