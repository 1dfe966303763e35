package io.finport.finapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

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

    record RawResponse(int status, HttpHeaders headers, byte[] body) {}

    private final FinapiConfig config;
    private final Supplier<HttpClient> http;
    private final ObjectMapper mapper;
    private final FinapiCallLog callLog;

    FinapiTransport(FinapiConfig config, Supplier<HttpClient> http, ObjectMapper mapper, FinapiCallLog callLog) {
        this.config = config;
        this.http = http;
        this.mapper = mapper;
        this.callLog = callLog;
    }

    /** Builds the HTTP client now, opening no connection. */
    void buildHttpClient() {
        http.get();
    }

    HttpRequest.Builder apiRequest(Call call, byte[] body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).header("Authorization", "Bearer " + token);
        call.headers().forEach(builder::header);
        if (body != null) {
            builder.header("Content-Type", "application/json")
                    .method(call.endpoint().method(), HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(call.endpoint().method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder;
    }

    RawResponse send(HttpRequest.Builder builder, Endpoint endpoint, String requestId) {
        HttpRequest request = builder.header("X-Request-Id", requestId)
                .header("Accept", "application/json")
                .timeout(config.readTimeout())
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.get().send(request, HttpResponse.BodyHandlers.ofByteArray());
            log(endpoint, Integer.toString(response.statusCode()), started, requestId);
            return new RawResponse(response.statusCode(), response.headers(), response.body());
        } catch (HttpTimeoutException e) {
            log(endpoint, "timeout", started, requestId);
            throw new FinapiTransientException(0, null, endpoint.toString(), requestId, null, null, e);
        } catch (IOException e) {
            log(endpoint, "io_error", started, requestId);
            throw new FinapiTransientException(0, null, endpoint.toString(), requestId, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FinapiTransientException(0, null, endpoint.toString(), requestId, null, null, e);
        }
    }

    private void log(Endpoint endpoint, String status, long startedNanos, String requestId) {
        long millis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        callLog.exchanged(endpoint.method(), endpoint.pathTemplate(), status, millis, requestId);
    }

    byte[] serialize(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize request body", e);
        }
    }

    // Jackson exceptions are never attached as causes: their messages can quote response content (IBANs, names).
    Exchange exchange(RawResponse response, Endpoint endpoint, String requestId) {
        if (response.body() == null || response.body().length == 0) {
            throw new FinapiResponseException(response.status(), endpoint.toString(), requestId, "empty body");
        }
        JsonNode root;
        try {
            root = mapper.readTree(response.body());
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
            T value = mapper.treeToValue(node, type);
            if (value == null) {
                throw new IllegalStateException("null");
            }
            return value;
        } catch (IOException | RuntimeException e) {
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
