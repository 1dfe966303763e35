package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.contract.FinapiContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Thin java.net.http wrapper for driving the sandbox in tests. Every JSON answer to a finAPI operation is checked
 * against finAPI's contract (shape, required fields, enums, no invented fields) and fails the test when it is not
 * one finAPI defines; only answers a scenario fault scripted verbatim are exempt ({@link #withoutContract()}).
 */
final class SandboxClient {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final boolean checkContract;

    SandboxClient(URI base) {
        this(base, true);
    }

    private SandboxClient(URI base, boolean checkContract) {
        this.base = base;
        this.checkContract = checkContract;
    }

    /** For tests of scripted fault bodies (HTML, broken JSON), which are not finAPI's answers on purpose. */
    SandboxClient withoutContract() {
        return new SandboxClient(base, false);
    }

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    Response send(HttpRequest.Builder builder) throws IOException, InterruptedException {
        HttpRequest request = builder.timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        String path = request.uri().getRawPath();
        if (checkContract
                && json
                && FinapiContract.get().operation(request.method(), path).isPresent()) {
            List<String> violations =
                    FinapiContract.get().checkResponse(request.method(), path, r.statusCode(), r.body());
            if (!violations.isEmpty()) {
                throw new AssertionError(
                        "sandbox answer outside finAPI's contract:\n  " + String.join("\n  ", violations));
            }
        }
        return new Response(r.statusCode(), r.body(), r.headers());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    Response get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    Response postJson(String path, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    Response postForm(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response token(Map<String, String> form) throws IOException, InterruptedException {
        return postForm("/api/v2/oauth/token", form);
    }

    String clientToken() throws IOException, InterruptedException {
        return token(Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        SandboxOptions.DEFAULT_CLIENT_ID,
                        "client_secret",
                        SandboxOptions.DEFAULT_CLIENT_SECRET))
                .json()
                .get("access_token")
                .asText();
    }

    /** Creates a user with the client token and returns the user's password-grant token response. */
    JsonNode newUserToken(String userId) throws IOException, InterruptedException {
        Response created =
                postJson("/api/v2/users", clientToken(), "{\"id\":\"" + userId + "\",\"password\":\"secret-123\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("user creation failed: " + created.body());
        }
        return token(Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        SandboxOptions.DEFAULT_CLIENT_ID,
                        "client_secret",
                        SandboxOptions.DEFAULT_CLIENT_SECRET,
                        "username",
                        userId,
                        "password",
                        "secret-123"))
                .json();
    }

    String userToken() throws IOException, InterruptedException {
        return newUserToken("user-" + System.nanoTime()).get("access_token").asText();
    }

    Response update(String token, long connectionId) throws IOException, InterruptedException {
        return postJson(
                "/api/v2/bankConnections/update",
                token,
                "{\"bankConnectionId\":" + connectionId + ",\"bankingInterface\":\"XS2A\"}");
    }

    Response connection(String token, long connectionId) throws IOException, InterruptedException {
        return get("/api/v2/bankConnections/" + connectionId, token);
    }
}
