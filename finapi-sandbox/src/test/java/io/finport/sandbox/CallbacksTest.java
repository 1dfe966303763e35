package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Web Form 2.0 callbacks: sent when a web form or task turns final (by polls or by time), dropped or delayed. */
class CallbacksTest {
    /** What the client's callback endpoint received: path and body. */
    private record Received(String path, String body) {}

    private FinapiSandbox sandbox;
    private SandboxClient client;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private String token;

    @BeforeEach
    void start() throws Exception {
        sandbox = FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false));
        client = new SandboxClient(sandbox.baseUrl());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new Received(
                    exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(404, -1); // finAPI ignores the answer
            exchange.close();
        });
        receiver.start();
        token = client.userToken();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        sandbox.close();
    }

    private String url(String token) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callbacks/finapi/" + token;
    }

    private JsonNode createWebForm(long bankId, String callback) throws Exception {
        return client.postJson(
                        "/api/webForms/bankConnectionImport",
                        token,
                        "{\"bank\":{\"id\":" + bankId + "},\"callbacks\":{\"finalised\":\"" + callback + "\"}}")
                .json();
    }

    private void awaitReceived(int count) throws InterruptedException {
        for (int i = 0; i < 100 && received.size() < count; i++) Thread.sleep(50);
    }

    @Test
    void webForm_whenFinalAfterMillis_turnsFinalWithoutPollsAndCallsBackOnce() throws Exception {
        RegisteredScenario s = sandbox.register("""
                {"name":"cb","type":"IMPORT","webForm":{"pollsUntilFinal":50,"finalAfterMillis":300},
                 "accounts":[{"status":"UPDATED"}]}""");
        JsonNode form = createWebForm(s.bankId(), url("secret-1"));

        awaitReceived(1);

        assertThat(received).hasSize(1);
        assertThat(received.get(0).path()).isEqualTo("/callbacks/finapi/secret-1");
        JsonNode body = SandboxClient.MAPPER.readTree(received.get(0).body());
        assertThat(body.path("webFormId").asText()).isEqualTo(form.path("id").asText());
        assertThat(body.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode polled =
                client.get("/api/webForms/" + form.path("id").asText(), token).json();
        assertThat(polled.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(polled.at("/payload/bankConnectionId").isNumber()).isTrue();
        assertThat(sandbox.callbacks())
                .extracting(SentCallback::kind, SentCallback::status, SentCallback::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("webForm.finalised", "COMPLETED", "SENT 404"));
        assertThat(sandbox.registeredCallbackUrls()).containsExactly(url("secret-1"));
    }

    @Test
    void webForm_whenFinalByPolls_callsBackAtThePollThatFinishesIt() throws Exception {
        RegisteredScenario s = sandbox.register("""
                {"name":"cb-polls","type":"IMPORT","webForm":{"pollsUntilFinal":2,"status":"ABORTED"}}""");
        JsonNode form = createWebForm(s.bankId(), url("secret-2"));
        String path = "/api/webForms/" + form.path("id").asText();

        client.get(path, token);
        Thread.sleep(200);
        assertThat(received).isEmpty();
        client.get(path, token);
        awaitReceived(1);

        assertThat(SandboxClient.MAPPER
                        .readTree(received.get(0).body())
                        .path("status")
                        .asText())
                .isEqualTo("ABORTED");
    }

    @Test
    void webForm_whenTheCallbackIsDropped_turnsFinalButSendsNothing() throws Exception {
        RegisteredScenario s = sandbox.register("""
                {"name":"cb-drop","type":"IMPORT",
                 "webForm":{"pollsUntilFinal":50,"finalAfterMillis":100,"callback":"DROP"}}""");
        JsonNode form = createWebForm(s.bankId(), url("secret-3"));

        Thread.sleep(600);

        assertThat(received).isEmpty();
        assertThat(client.get("/api/webForms/" + form.path("id").asText(), token)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("COMPLETED");
        assertThat(sandbox.callbacks()).extracting(SentCallback::outcome).containsExactly("DROPPED");
    }

    @Test
    void task_whenFinalAfterMillis_completesTheUpdateAndCallsBackFinalised() throws Exception {
        RegisteredScenario s = sandbox.register("""
                {"name":"cb-task","type":"UPDATE","task":{"pollsUntilFinal":50,"finalAfterMillis":200,
                 "callbackDelayMillis":100},
                 "accounts":[{"status":"UPDATED"}]}""");
        JsonNode task = client.postJson(
                        "/api/tasks/backgroundUpdate",
                        token,
                        "{\"bankConnectionId\":" + s.bankConnectionId() + ",\"callbacks\":{\"finalised\":\""
                                + url("secret-4") + "\",\"webFormRequired\":\"" + url("secret-5") + "\"}}")
                .json();

        awaitReceived(1);

        assertThat(received).extracting(Received::path).containsExactly("/callbacks/finapi/secret-4");
        assertThat(SandboxClient.MAPPER
                        .readTree(received.get(0).body())
                        .path("taskId")
                        .asText())
                .isEqualTo(task.path("id").asText());
        assertThat(client.get("/api/tasks/" + task.path("id").asText(), token)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("COMPLETED");
        assertThat(client.get("/api/v2/bankConnections/" + s.bankConnectionId(), token)
                        .json()
                        .path("updateStatus")
                        .asText())
                .isEqualTo("READY");
    }

    @Test
    void scenario_whenCallbackFieldsAreWrong_isRejectedNamingTheField() {
        assertThatThrownBy(() -> sandbox.register("""
                        {"name":"bad","type":"IMPORT","webForm":{"callback":"LATER"}}"""))
                .isInstanceOf(ScenarioValidationException.class)
                .satisfies(e ->
                        assertThat(((ScenarioValidationException) e).field()).isEqualTo("webForm.callback"));
        assertThatThrownBy(() -> sandbox.register("""
                        {"name":"bad2","type":"UPDATE","task":{"finalAfterMillis":-1}}"""))
                .isInstanceOf(ScenarioValidationException.class)
                .satisfies(e ->
                        assertThat(((ScenarioValidationException) e).field()).isEqualTo("task.finalAfterMillis"));
    }
}
