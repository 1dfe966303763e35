package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {
    private static final String SCENARIO = """
      {"name":"admin","type":"UPDATE","bankConnection":{"pollsUntilReady":2},
       "accounts":[{"status":"UPDATED"},{"status":"DOWNLOAD_FAILED"}]}""";
    private static FinapiSandbox sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false));
        client = new SandboxClient(sandbox.baseUrl());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() throws Exception {
        assertThat(client.send(client.request("/sandbox/reset").POST(HttpRequest.BodyPublishers.noBody()))
                        .status())
                .isEqualTo(204);
    }

    @Test
    void postScenario_registersAndReturnsIds() throws Exception {
        SandboxClient.Response r = client.postJson("/sandbox/scenarios", null, SCENARIO);

        assertThat(r.status()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.get("scenarioId").asText()).isNotBlank();
        assertThat(body.get("bankId").asLong()).isPositive();
        assertThat(body.get("bankConnectionId").asLong()).isPositive();
        assertThat(body.get("accountIds")).hasSize(2);
    }

    @Test
    void postScenario_onASandboxWithAFirstConnectionId_handsOutIdsFromThere() throws Exception {
        try (FinapiSandbox other = FinapiSandbox.start(
                SandboxOptions.defaults().withLogRequests(false).withFirstConnectionId(7_000_001))) {
            SandboxClient otherClient = new SandboxClient(other.baseUrl());

            long first = otherClient
                    .postJson("/sandbox/scenarios", null, SCENARIO)
                    .json()
                    .get("bankConnectionId")
                    .asLong();
            long second = otherClient
                    .postJson("/sandbox/scenarios", null, SCENARIO)
                    .json()
                    .get("bankConnectionId")
                    .asLong();

            assertThat(first).isEqualTo(7_000_001);
            assertThat(second).isEqualTo(7_000_002);
        }
    }

    @Test
    void postScenario_whenImport_hasNullConnectionAndNoAccounts() throws Exception {
        JsonNode body = client.postJson(
                        "/sandbox/scenarios",
                        null,
                        "{\"name\":\"i\",\"type\":\"IMPORT\",\"accounts\":[{\"status\":\"UPDATED\"}]}")
                .json();

        assertThat(body.get("bankConnectionId").isNull()).isTrue();
        assertThat(body.get("accountIds")).isEmpty();
    }

    @Test
    void postScenario_whenInvalid_answers400NamingField() throws Exception {
        SandboxClient.Response r = client.postJson("/sandbox/scenarios", null, """
        {"name":"bad","type":"UPDATE","bankConnection":{"pollsUntilReady":-1},"accounts":[]}""");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("bankConnection.pollsUntilReady");
    }

    @Test
    void getScenario_reportsLiveState() throws Exception {
        JsonNode reg = client.postJson("/sandbox/scenarios", null, SCENARIO).json();
        String token = client.userToken();
        long id = reg.get("bankConnectionId").asLong();
        client.update(token, id);
        client.connection(token, id);

        JsonNode state = client.get(
                        "/sandbox/scenarios/" + reg.get("scenarioId").asText(), null)
                .json();

        assertThat(state.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(state.get("connectionPolls").asInt()).isEqualTo(1);
        assertThat(state.get("updateCalls").asInt()).isEqualTo(1);
        assertThat(state.get("bankConnectionId").asLong()).isEqualTo(id);
        assertThat(client.get("/sandbox/scenarios/nope", null).status()).isEqualTo(404);
    }

    @Test
    void requestLog_recordsFinapiCallsPerScenario_andCanBeCleared() throws Exception {
        JsonNode reg = client.postJson("/sandbox/scenarios", null, SCENARIO).json();
        String scenarioId = reg.get("scenarioId").asText();
        String token = client.userToken();
        long id = reg.get("bankConnectionId").asLong();
        client.send(client.request("/api/v2/bankConnections/" + id)
                .header("Authorization", "Bearer " + token)
                .header("X-Request-Id", "poll-1")
                .GET());

        JsonNode all = client.get("/sandbox/requests", null).json();
        JsonNode mine =
                client.get("/sandbox/requests?scenarioId=" + scenarioId, null).json();

        assertThat(all)
                .extracting(r -> r.get("template").asText())
                .containsExactly(
                        "/api/v2/oauth/token", "/api/v2/users", "/api/v2/oauth/token", "/api/v2/bankConnections/{id}");
        assertThat(mine).hasSize(1);
        JsonNode poll = mine.get(0);
        assertThat(poll.get("method").asText()).isEqualTo("GET");
        assertThat(poll.get("path").asText()).isEqualTo("/api/v2/bankConnections/" + id);
        assertThat(poll.get("status").asInt()).isEqualTo(200);
        assertThat(poll.get("requestId").asText()).isEqualTo("poll-1");
        assertThat(poll.get("at").asText()).isNotBlank();
        assertThat(sandbox.count("GET", "/api/v2/bankConnections/{id}")).isEqualTo(1);

        assertThat(client.send(client.request("/sandbox/requests").DELETE()).status())
                .isEqualTo(204);
        assertThat(client.get("/sandbox/requests", null).json()).isEmpty();
    }

    @Test
    void deleteScenario_removesItsEntities() throws Exception {
        JsonNode reg = client.postJson("/sandbox/scenarios", null, SCENARIO).json();
        String token = client.userToken();

        assertThat(client.send(client.request("/sandbox/scenarios/"
                                        + reg.get("scenarioId").asText())
                                .DELETE())
                        .status())
                .isEqualTo(204);

        assertThat(client.connection(token, reg.get("bankConnectionId").asLong())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void reset_forgetsScenariosAndUsers_butNeverReusesIds() throws Exception {
        long firstConnection = client.postJson("/sandbox/scenarios", null, SCENARIO)
                .json()
                .get("bankConnectionId")
                .asLong();
        String token = client.userToken();

        reset();

        assertThat(client.get("/api/v2/users", token).status()).isEqualTo(401);
        assertThat(client.get("/sandbox/scenarios", null).json()).isEmpty();
        long secondConnection = client.postJson("/sandbox/scenarios", null, SCENARIO)
                .json()
                .get("bankConnectionId")
                .asLong();
        assertThat(secondConnection).isGreaterThan(firstConnection);
    }

    @Test
    void health_isUp_andUnknownPathsAnswerFinapiStyle404or405() throws Exception {
        assertThat(client.get("/sandbox/health", null).json().get("status").asText())
                .isEqualTo("UP");
        assertThat(client.get("/api/v2/nothing", null).status()).isEqualTo(404);
        assertThat(client.send(client.request("/api/v2/bankConnections/update").GET())
                        .status())
                .isEqualTo(405);
    }
}
