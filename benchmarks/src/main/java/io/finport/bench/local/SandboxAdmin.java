package io.finport.bench.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The finAPI sandbox's admin API (POST /sandbox/scenarios), for a sandbox running as its own process. */
public final class SandboxAdmin {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final URI baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public SandboxAdmin(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** What registering a scenario answered: its ids. */
    public record Registered(String scenarioId, Long bankId, Long bankConnectionId, List<Long> accountIds) {}

    public Registered register(String scenarioJson) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve("/sandbox/scenarios"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(scenarioJson, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 201) {
            throw new IOException(
                    "sandbox rejected the scenario: HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode json = MAPPER.readTree(response.body());
        List<Long> accountIds = new ArrayList<>();
        json.path("accountIds").forEach(n -> accountIds.add(n.longValue()));
        return new Registered(
                json.path("scenarioId").asText(),
                longOrNull(json.path("bankId")),
                longOrNull(json.path("bankConnectionId")),
                List.copyOf(accountIds));
    }

    public void deregister(String scenarioId) throws IOException {
        send(HttpRequest.newBuilder(baseUrl.resolve("/sandbox/scenarios/" + scenarioId))
                .DELETE()
                .build());
    }

    /** finAPI requests the sandbox served since the last {@link #clearRequests()}. */
    public int requestCount() throws IOException {
        return MAPPER.readTree(send(HttpRequest.newBuilder(baseUrl.resolve("/sandbox/requests"))
                                .GET()
                                .build())
                        .body())
                .size();
    }

    public void clearRequests() throws IOException {
        send(HttpRequest.newBuilder(baseUrl.resolve("/sandbox/requests"))
                .DELETE()
                .build());
    }

    /** An UPDATE scenario, READY at the first status check, with count generated accounts of the given status. */
    public static String updateScenario(String name, int count, String accountStatus) {
        return "{\"name\":\"" + name + "\",\"type\":\"UPDATE\","
                + "\"bankConnection\":{\"bankingInterface\":\"XS2A\",\"pollsUntilReady\":1,\"updateResult\":{\"result\":\"OK\"}},"
                + "\"accounts\":[],\"generateAccounts\":{\"count\":" + count + ",\"status\":\"" + accountStatus
                + "\"}}";
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static Long longOrNull(JsonNode node) {
        return node.isNumber() ? node.longValue() : null;
    }
}
