package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultTest extends SandboxPerClass {
    @Override
    protected boolean resetsBetweenTests() {
        return true;
    }

    private RegisteredScenario trackWith(String faults) {
        return sandbox.register("""
        {"name":"faulty","type":"TRACK","bankConnection":{"pollsUntilReady":1},"accounts":[{"status":"UPDATED"}],
         "faults":%s}""".formatted(faults));
    }

    @Test
    void statusFault_answersFinapiErrorForCountRequests_withoutAdvancingPolls() throws Exception {
        RegisteredScenario s =
                trackWith("[{\"request\":\"GET /api/v2/bankConnections/{id}\",\"status\":503,\"count\":2}]");

        SandboxClient.Response first = client.connection(token, s.bankConnectionId());
        SandboxClient.Response second = client.connection(token, s.bankConnectionId());
        SandboxClient.Response third = client.connection(token, s.bankConnectionId());

        assertThat(first.status()).isEqualTo(503);
        assertThat(first.json().at("/errors/0/code").asText()).isEqualTo("UNEXPECTED_ERROR");
        assertThat(first.json().at("/errors/0/type").asText()).isEqualTo("TECHNICAL");
        assertThat(first.header("X-Request-Id")).isNotBlank();
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.json().get("updateStatus").asText()).isEqualTo("READY"); // faults did not count as polls
        assertThat(sandbox.scenario(s.scenarioId()).faults().getFirst().applied())
                .isEqualTo(2);
    }

    @Test
    void bodyFault_servesBodyVerbatimEvenWithStatus200() throws Exception {
        RegisteredScenario s = trackWith("""
        [{"request":"GET /api/v2/accounts/{id}","body":"<html><body>Maintenance</body></html>"},
         {"request":"GET /api/v2/accounts/{id}","body":"{\\"accounts\\": [","contentType":"application/json",
          "afterMatches":1}]""");
        String path = "/api/v2/accounts/" + s.accountIds().getFirst();

        SandboxClient scripted = client.withoutContract(); // the faults' bodies are not finAPI's, by design
        SandboxClient.Response html = scripted.get(path, token);
        SandboxClient.Response malformed = scripted.get(path, token);
        SandboxClient.Response normal = client.get(path, token);

        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.body()).isEqualTo("<html><body>Maintenance</body></html>");
        assertThat(malformed.body()).isEqualTo("{\"accounts\": [");
        assertThat(normal.json().get("id").asLong()).isEqualTo(s.accountIds().getFirst());
    }

    @Test
    void delayFault_answersNormallyAfterTheDelay() throws Exception {
        RegisteredScenario s = trackWith("[{\"request\":\"GET /api/v2/bankConnections/{id}\",\"delayMillis\":300}]");

        long started = System.nanoTime();
        SandboxClient.Response slow = client.connection(token, s.bankConnectionId());
        long slowMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(slowMillis).isGreaterThanOrEqualTo(300);
        assertThat(slow.status()).isEqualTo(200);
        assertThat(slow.json().get("updateStatus").asText()).isEqualTo("READY"); // delayed answers do count
    }

    @Test
    void dropFault_closesConnectionWithoutAnyResponseBytes() throws Exception {
        RegisteredScenario s = trackWith("[{\"request\":\"GET /api/v2/bankConnections/{id}\",\"drop\":true}]");

        try (Socket socket =
                new Socket(sandbox.baseUrl().getHost(), sandbox.baseUrl().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write(("GET /api/v2/bankConnections/" + s.bankConnectionId() + " HTTP/1.1\r\n"
                                    + "Host: localhost\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().readAllBytes()).isEmpty();
        }

        assertThat(client.connection(token, s.bankConnectionId()).status()).isEqualTo(200);
        assertThat(sandbox.requests())
                .filteredOn(r -> r.status() == 0)
                .hasSize(1)
                .first()
                .extracting(RecordedRequest::scenarioId)
                .isEqualTo(s.scenarioId());
    }

    @Test
    void dropFault_surfacesAsIOExceptionInHttpClient() throws Exception {
        // The JDK client retries a GET once on a dead connection by itself, so drop more than once.
        RegisteredScenario s =
                trackWith("[{\"request\":\"GET /api/v2/bankConnections/{id}\",\"drop\":true,\"count\":5}]");

        assertThatThrownBy(() -> client.connection(token, s.bankConnectionId())).isInstanceOf(IOException.class);
    }

    @Test
    void fault_onEntityLessEndpoint_appliesToAnyRequestWhileScenarioActive() throws Exception {
        RegisteredScenario s =
                trackWith("[{\"request\":\"POST /api/v2/oauth/token\",\"status\":500,\"afterMatches\":1}]");
        Map<String, String> form = Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                "sandbox-client-id",
                "client_secret",
                "sandbox-client-secret");

        assertThat(client.token(form).status()).isEqualTo(200);
        assertThat(client.token(form).status()).isEqualTo(500);
        assertThat(client.token(form).status()).isEqualTo(200);
        assertThat(sandbox.requests(s.scenarioId()))
                .extracting(RecordedRequest::status)
                .containsExactly(500);
    }

    @Test
    void fault_onOtherScenariosEntity_doesNotApply() throws Exception {
        trackWith("[{\"request\":\"GET /api/v2/bankConnections/{id}\",\"status\":503,\"count\":5}]");
        RegisteredScenario clean = sandbox.register("""
        {"name":"clean","type":"TRACK","bankConnection":{"pollsUntilReady":1},"accounts":[{"status":"UPDATED"}]}""");

        assertThat(client.connection(token, clean.bankConnectionId()).status()).isEqualTo(200);
    }

    @Test
    void statusFault_401_usesOAuthErrorShape() throws Exception {
        RegisteredScenario s = trackWith("[{\"request\":\"GET /api/v2/accounts/{id}\",\"status\":401}]");

        SandboxClient.Response r =
                client.get("/api/v2/accounts/" + s.accountIds().getFirst(), token);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
    }
}
