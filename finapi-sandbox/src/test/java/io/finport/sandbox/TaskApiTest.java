package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Web Form 2.0's Task API (background update) and the finAPI behaviours next to it: tokens, user ids, consents. */
class TaskApiTest extends SandboxPerClass {
    private SandboxClient.Response startTask(long connectionId) throws Exception {
        return client.postJson(
                "/api/tasks/backgroundUpdate",
                token,
                "{\"bankConnectionId\":" + connectionId + ",\"importNewAccountsMode\":\"SKIP\"}");
    }

    private JsonNode poll(String taskId) throws Exception {
        SandboxClient.Response r = client.get("/api/tasks/" + taskId, token);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    void task_whenCompleted_finishesTheUpdateOfTheConnection() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"t-ok","type":"UPDATE","task":{"pollsUntilFinal":2,"status":"COMPLETED"},
         "accounts":[{"status":"UPDATED"},{"status":"UPDATED"}]}""");

        SandboxClient.Response created = startTask(s.bankConnectionId());

        assertThat(created.status()).isEqualTo(201);
        JsonNode task = created.json();
        assertThat(task.get("id").asText()).hasSize(36);
        assertThat(task.get("status").asText()).isEqualTo("NOT_YET_STARTED");
        assertThat(task.get("type").asText()).isEqualTo("BANK_CONNECTION_UPDATE");
        assertThat(task.at("/payload/bankConnectionId").asLong()).isEqualTo(s.bankConnectionId());
        assertThat(poll(task.get("id").asText()).get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(poll(task.get("id").asText()).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode connection = client.connection(token, s.bankConnectionId()).json();
        assertThat(connection.get("updateStatus").asText()).isEqualTo("READY");
        assertThat(connection.at("/interfaces/0/lastManualUpdate/result").asText())
                .isEqualTo("OK");
    }

    @Test
    void task_whenWebFormRequired_handsOutAnUpdateWebFormWhoseCompletionStartsTheUpdate() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"t-wf","type":"UPDATE","task":{"pollsUntilFinal":1,"status":"WEB_FORM_REQUIRED",
         "webForm":{"pollsUntilFinal":2,"status":"COMPLETED"}},"accounts":[{"status":"UPDATED"}]}""");
        String taskId = startTask(s.bankConnectionId()).json().get("id").asText();

        JsonNode task = poll(taskId);

        assertThat(task.get("status").asText()).isEqualTo("WEB_FORM_REQUIRED");
        String formId = task.at("/payload/webForm/id").asText();
        assertThat(task.at("/payload/webForm/url").asText()).endsWith("/" + formId);
        assertThat(task.at("/payload/webForm/status").asText()).isEqualTo("NOT_YET_OPENED");
        assertThat(client.connection(token, s.bankConnectionId())
                        .json()
                        .get("updateStatus")
                        .asText())
                .isEqualTo("READY");
        client.get("/api/webForms/" + formId, token);
        JsonNode form = client.get("/api/webForms/" + formId, token).json();
        assertThat(form.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(form.get("type").asText()).isEqualTo("BANK_CONNECTION_UPDATE");
        assertThat(form.at("/payload/bankConnectionId").asLong()).isEqualTo(s.bankConnectionId());
        assertThat(client.connection(token, s.bankConnectionId())
                        .json()
                        .get("updateStatus")
                        .asText())
                .isEqualTo("IN_PROGRESS");
        assertThat(poll(taskId).at("/payload/webForm/status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void task_whenCompletedWithError_carriesTheErrorCode() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"t-err","type":"UPDATE","task":{"status":"COMPLETED_WITH_ERROR","errorCode":"BANK_SERVER_REJECTION"},
         "accounts":[{"status":"UPDATED"}]}""");
        String taskId = startTask(s.bankConnectionId()).json().get("id").asText();

        JsonNode task = poll(taskId);

        assertThat(task.get("status").asText()).isEqualTo("COMPLETED_WITH_ERROR");
        assertThat(task.at("/payload/errorCode").asText()).isEqualTo("BANK_SERVER_REJECTION");
    }

    @Test
    void task_whenConnectionAlreadyUpdating_answers423LockedInWebFormShape() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"t-423","type":"UPDATE","bankConnection":{"alreadyUpdating":true},"accounts":[{"status":"UPDATED"}]}""");

        SandboxClient.Response r = startTask(s.bankConnectionId());

        assertThat(r.status()).isEqualTo(423);
        assertThat(r.json().get("code").asText()).isEqualTo("LOCKED");
        assertThat(r.json().get("endpoint").asText()).isEqualTo("POST /api/tasks/backgroundUpdate");
    }

    @Test
    void task_whenBodyInvalid_answers400ValidationErrorNamingTheField() throws Exception {
        SandboxClient.Response r =
                client.postJson("/api/tasks/backgroundUpdate", token, "{\"importNewAccountsMode\":\"SKIP\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("bankConnectionId");
        assertThat(r.json().has("code")).isFalse();
    }

    @Test
    void task_whenUnknown_answers404NotFound() throws Exception {
        SandboxClient.Response r = client.get("/api/tasks/00000000-0000-0000-0000-000000000000", token);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void task_whenScenarioHasNoTaskBlock_completesAtFirstPoll() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"t-default","type":"UPDATE","accounts":[{"status":"UPDATED"}]}""");
        String taskId = startTask(s.bankConnectionId()).json().get("id").asText();

        assertThat(poll(taskId).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void token_whileValid_isTheSameForTheSameCredentials() throws Exception {
        String first = client.clientToken();
        String second = client.clientToken();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void userIds_areCaseInsensitive() throws Exception {
        client.newUserToken("Alice-" + System.nanoTime() % 1000);
        SandboxClient.Response dup = client.postJson(
                "/api/v2/users", client.clientToken(), "{\"id\":\"MIXED-case\",\"password\":\"secret-123\"}");
        SandboxClient.Response again = client.postJson(
                "/api/v2/users", client.clientToken(), "{\"id\":\"mixed-CASE\",\"password\":\"secret-123\"}");
        SandboxClient.Response login = client.token(Map.of(
                "grant_type",
                "password",
                "client_id",
                SandboxOptions.DEFAULT_CLIENT_ID,
                "client_secret",
                SandboxOptions.DEFAULT_CLIENT_SECRET,
                "username",
                "Mixed-Case",
                "password",
                "secret-123"));

        assertThat(dup.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().at("/errors/0/code").asText()).isEqualTo("ENTITY_EXISTS");
        assertThat(login.status()).isEqualTo(200);
    }

    @Test
    void aisConsent_onlyOnXs2a() throws Exception {
        RegisteredScenario fints = sandbox.register("""
        {"name":"fints","type":"UPDATE","bankConnection":{"bankingInterface":"FINTS_SERVER"},"accounts":[{"status":"UPDATED"}]}""");
        RegisteredScenario xs2a = sandbox.register("""
        {"name":"xs2a","type":"UPDATE","accounts":[{"status":"UPDATED"}]}""");

        assertThat(client.connection(token, fints.bankConnectionId())
                        .json()
                        .at("/interfaces/0/aisConsent")
                        .isNull())
                .isTrue();
        assertThat(client.connection(token, xs2a.bankConnectionId())
                        .json()
                        .at("/interfaces/0/aisConsent/status")
                        .asText())
                .isEqualTo("PRESENT");
    }
}
