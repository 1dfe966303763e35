package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ImportFlowTest extends SandboxPerClass {
    private SandboxClient.Response createWebForm(long bankId) throws Exception {
        return client.postJson("/api/webForms/bankConnectionImport", token, "{\"bank\":{\"id\":" + bankId + "}}");
    }

    @Test
    void webForm_whenCompleted_createsConnectionAndAccountsInProgress() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"import","type":"IMPORT","webForm":{"pollsUntilFinal":2,"status":"COMPLETED"},
         "bankConnection":{"pollsUntilReady":2},
         "accounts":[{"accountName":"Giro","status":"UPDATED"},{"accountName":"Depot","accountType":"Security",
                      "status":"UPDATED_FIXED"}]}""");
        assertThat(s.bankConnectionId()).isNull();
        assertThat(s.accountIds()).isEmpty();

        SandboxClient.Response created = createWebForm(s.bankId());
        JsonNode form = created.json();
        assertThat(created.status()).isEqualTo(201);
        assertThat(form.get("status").asText()).isEqualTo("NOT_YET_OPENED");
        assertThat(form.get("type").asText()).isEqualTo("BANK_CONNECTION_IMPORT");
        assertThat(form.get("payload").size()).isZero();
        assertThat(form.get("url").asText())
                .isEqualTo(sandbox.baseUrl() + "/webform/" + form.get("id").asText());
        assertThat(form.get("createdAt").asText())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{4}");
        String path = "/api/webForms/" + form.get("id").asText();

        JsonNode first = client.get(path, token).json();
        JsonNode second = client.get(path, token).json();

        assertThat(first.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(first.at("/payload/bankConnectionId").isMissingNode()).isTrue();
        assertThat(second.get("status").asText()).isEqualTo("COMPLETED");
        long connectionId = second.at("/payload/bankConnectionId").asLong();
        ScenarioState state = sandbox.scenario(s.scenarioId());
        assertThat(state.bankConnectionId()).isEqualTo(connectionId);
        assertThat(state.accountIds()).hasSize(2);
        JsonNode connection = client.connection(token, connectionId).json();
        assertThat(connection.get("updateStatus").asText()).isEqualTo("IN_PROGRESS");
        assertThat(connection.at("/bank/id").asLong()).isEqualTo(s.bankId());
        JsonNode account = client.get("/api/v2/accounts/" + state.accountIds().getFirst(), token)
                .json();
        assertThat(account.get("isNew").asBoolean()).isTrue();
        assertThat(account.at("/interfaces/0/status").asText()).isEqualTo("DOWNLOAD_IN_PROGRESS");
        assertThat(account.at("/interfaces/0/lastSuccessfulUpdate").isNull()).isTrue();
        assertThat(client.connection(token, connectionId)
                        .json()
                        .get("updateStatus")
                        .asText())
                .isEqualTo("READY");
        assertThat(client.get("/api/v2/accounts/" + state.accountIds().get(1), token)
                        .json()
                        .at("/interfaces/0/status")
                        .asText())
                .isEqualTo("UPDATED_FIXED");
        // Final status sticks; later polls do not create more connections.
        assertThat(client.get(path, token)
                        .json()
                        .at("/payload/bankConnectionId")
                        .asLong())
                .isEqualTo(connectionId);
    }

    @Test
    void webForm_whenAborted_endsAbortedWithoutConnection() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"aborted","type":"IMPORT","webForm":{"pollsUntilFinal":1,"status":"ABORTED"},
         "accounts":[{"status":"UPDATED"}]}""");
        String id = createWebForm(s.bankId()).json().get("id").asText();

        JsonNode form = client.get("/api/webForms/" + id, token).json();

        assertThat(form.get("status").asText()).isEqualTo("ABORTED");
        assertThat(form.get("payload").has("bankConnectionId")).isFalse();
        assertThat(sandbox.scenario(s.scenarioId()).status()).isEqualTo("WEB_FORM_ABORTED");
    }

    @Test
    void webForm_whenCompletedWithError_carriesErrorCodeInPayload() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"wf-error","type":"IMPORT","webForm":{"pollsUntilFinal":1,"status":"COMPLETED_WITH_ERROR",
         "errorCode":"BANK_SERVER_REJECTION","errorMessage":"Login failed"},"accounts":[]}""");
        String id = createWebForm(s.bankId()).json().get("id").asText();

        JsonNode form = client.get("/api/webForms/" + id, token).json();

        assertThat(form.get("status").asText()).isEqualTo("COMPLETED_WITH_ERROR");
        assertThat(form.at("/payload/errorCode").asText()).isEqualTo("BANK_SERVER_REJECTION");
        assertThat(form.at("/payload/errorMessage").asText()).isEqualTo("Login failed");
    }

    @Test
    void webForm_whenUnknownBank_answers422InWebFormErrorShape() throws Exception {
        SandboxClient.Response r = createWebForm(1);

        // Web Form 2.0's Error: {code, description, timestamp, endpoint}, not Access's errors[].
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("code").asText()).isEqualTo("BANK_NOT_SUPPORTED");
        assertThat(r.json().get("description").asText()).isNotBlank();
        assertThat(r.json().get("endpoint").asText()).isEqualTo("POST /api/webForms/bankConnectionImport");
        assertThat(r.json().get("timestamp").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}");
        assertThat(r.json().has("errors")).isFalse();
    }

    @Test
    void webForm_idIsUuidAndUrlEndsInIt() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"uuid","type":"IMPORT","accounts":[{"status":"UPDATED"}]}""");

        JsonNode form = createWebForm(s.bankId()).json();

        assertThat(form.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(form.get("url").asText()).endsWith("/" + form.get("id").asText());
    }

    @Test
    void webForm_whenTokenInvalid_answers401InWebFormErrorShape() throws Exception {
        SandboxClient.Response r = client.get("/api/webForms/00000000-0000-0000-0000-000000000000", "not-a-token");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("code").asText()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void webForm_whenBankBelongsToUpdateScenario_isRejected() throws Exception {
        RegisteredScenario s =
                sandbox.register("{\"name\":\"u\",\"type\":\"UPDATE\",\"accounts\":[{\"status\":\"UPDATED\"}]}");

        assertThat(createWebForm(s.bankId()).status()).isEqualTo(422);
    }

    @Test
    void webFormPage_whenOpened_servesHtmlAndMarksInProgress() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"page","type":"IMPORT","webForm":{"pollsUntilFinal":3},"accounts":[{"status":"UPDATED"}]}""");
        JsonNode form = createWebForm(s.bankId()).json();

        SandboxClient.Response page = client.get("/webform/" + form.get("id").asText(), null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains(form.get("id").asText());
        assertThat(sandbox.scenario(s.scenarioId()).webForms().getFirst().status())
                .isEqualTo("IN_PROGRESS");
        assertThat(sandbox.scenario(s.scenarioId()).webForms().getFirst().polls())
                .isZero();
    }

    @Test
    void webForm_eachOneCreatesItsOwnConnection() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"twice","type":"IMPORT","webForm":{"pollsUntilFinal":1},"accounts":[{"status":"UPDATED"}]}""");
        String a = createWebForm(s.bankId()).json().get("id").asText();
        String b = createWebForm(s.bankId()).json().get("id").asText();

        long first = client.get("/api/webForms/" + a, token)
                .json()
                .at("/payload/bankConnectionId")
                .asLong();
        long second = client.get("/api/webForms/" + b, token)
                .json()
                .at("/payload/bankConnectionId")
                .asLong();

        assertThat(a).isNotEqualTo(b);
        assertThat(first).isNotEqualTo(second);
        assertThat(sandbox.scenario(s.scenarioId()).bankConnectionId()).isEqualTo(second);
    }
}
