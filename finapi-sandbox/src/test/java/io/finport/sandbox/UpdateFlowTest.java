package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpdateFlowTest {
    private static final String TWO_ACCOUNTS_PARTIAL = """
      {
        "name": "update-two-accounts-partial",
        "type": "UPDATE",
        "bankConnection": {"bankingInterface": "XS2A", "pollsUntilReady": 3, "updateResult": {"result": "OK"},
                           "categorization": {"pollsUntilReady": 2}},
        "accounts": [
          {"accountName": "Girokonto", "accountType": "Checking", "iban": "DE89370400440532013000", "status": "UPDATED"},
          {"accountName": "Tagesgeld", "accountType": "Savings", "iban": "DE02120300000000202051",
           "status": "DOWNLOAD_FAILED"}
        ]
      }""";

    private static final AuthTest.MutableClock CLOCK = new AuthTest.MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
    private static FinapiSandbox sandbox;
    private static SandboxClient client;
    private String token;

    @BeforeAll
    static void start() {
        sandbox = FinapiSandbox.start(SandboxOptions.defaults().withClock(CLOCK).withLogRequests(false));
        client = new SandboxClient(sandbox.baseUrl());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void user() throws Exception {
        token = client.userToken();
    }

    @Test
    void update_whenScenarioRuns_goesInProgressThenReadyAfterConfiguredPolls() throws Exception {
        RegisteredScenario s = sandbox.register(TWO_ACCOUNTS_PARTIAL);
        long id = s.bankConnectionId();
        JsonNode before = client.connection(token, id).json();
        assertThat(before.get("updateStatus").asText()).isEqualTo("READY");
        assertThat(before.at("/interfaces/0/lastManualUpdate/result").asText()).isEqualTo("OK");

        SandboxClient.Response update = client.update(token, id);

        assertThat(update.status()).isEqualTo(200);
        assertThat(update.json().get("updateStatus").asText()).isEqualTo("IN_PROGRESS");
        assertThat(update.json().get("accountIds")).hasSize(2);
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(client.connection(token, id).json().get("updateStatus").asText());
        }
        assertThat(statuses).containsExactly("IN_PROGRESS", "IN_PROGRESS", "READY");
        assertThat(sandbox.scenario(s.scenarioId()).connectionPolls()).isEqualTo(3);
    }

    @Test
    void update_whenAlreadyRunning_answers423LockedWithFinapiErrorBody() throws Exception {
        long id = sandbox.register(TWO_ACCOUNTS_PARTIAL).bankConnectionId();
        client.update(token, id);

        SandboxClient.Response second = client.update(token, id);

        assertThat(second.status()).isEqualTo(423);
        assertThat(second.json().at("/errors/0/code").asText()).isEqualTo("LOCKED");
        assertThat(second.json().get("endpoint").asText()).isEqualTo("POST /api/v2/bankConnections/update");
    }

    @Test
    void accounts_whileInProgress_areDownloadInProgress_thenScenarioStatusesWhenReady() throws Exception {
        RegisteredScenario s = sandbox.register(TWO_ACCOUNTS_PARTIAL);
        long id = s.bankConnectionId();
        String ids = s.accountIds().get(0) + "," + s.accountIds().get(1);
        CLOCK.advance(java.time.Duration.ofMinutes(1));
        String updateCalledAt = FinapiJson.v2(CLOCK.instant());
        client.update(token, id);

        JsonNode during =
                client.get("/api/v2/accounts?ids=" + ids, token).json().get("accounts");
        assertThat(during)
                .extracting(a -> a.at("/interfaces/0/status").asText())
                .containsExactly("DOWNLOAD_IN_PROGRESS", "DOWNLOAD_IN_PROGRESS");

        CLOCK.advance(java.time.Duration.ofSeconds(30));
        String readyAt = FinapiJson.v2(CLOCK.instant());
        for (int i = 0; i < 3; i++) {
            client.connection(token, id);
        }
        JsonNode after = client.get("/api/v2/accounts?ids=" + ids, token).json().get("accounts");

        JsonNode giro = after.get(0);
        JsonNode tagesgeld = after.get(1);
        assertThat(giro.at("/interfaces/0/status").asText()).isEqualTo("UPDATED");
        assertThat(tagesgeld.at("/interfaces/0/status").asText()).isEqualTo("DOWNLOAD_FAILED");
        assertThat(giro.get("bankConnectionId").asLong()).isEqualTo(id);
        assertThat(giro.get("iban").asText()).isEqualTo("DE89370400440532013000");
        assertThat(giro.get("accountNumber").asText()).isEqualTo("532013000");
        assertThat(giro.get("isNew").asBoolean()).isFalse();
        // lastUpdateAttempt is when update was called; only the updated account got a fresh lastSuccessfulUpdate.
        assertThat(giro.at("/interfaces/0/lastUpdateAttempt").asText())
                .isEqualTo(updateCalledAt)
                .endsWith("+02:00"); // Berlin summer time
        assertThat(giro.at("/interfaces/0/lastSuccessfulUpdate").asText()).isEqualTo(readyAt);
        assertThat(tagesgeld.at("/interfaces/0/lastSuccessfulUpdate").asText())
                .isLessThan(tagesgeld.at("/interfaces/0/lastUpdateAttempt").asText());
        assertThat(sandbox.scenario(s.scenarioId()).updateStatus()).isEqualTo("READY");
    }

    @Test
    void categorization_afterReady_goesPendingInProgressReadyOverConfiguredPolls() throws Exception {
        long id = sandbox.register(TWO_ACCOUNTS_PARTIAL).bankConnectionId();
        client.update(token, id);
        client.connection(token, id);
        client.connection(token, id);

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonNode c = client.connection(token, id).json();
            seen.add(c.get("updateStatus").asText() + "/"
                    + c.get("categorizationStatus").asText());
        }

        assertThat(seen).containsExactly("READY/PENDING", "READY/IN_PROGRESS", "READY/READY", "READY/READY");
    }

    @Test
    void categorization_whenNever_staysInProgress() throws Exception {
        long id = sandbox.register("""
        {"name":"cat-never","type":"UPDATE","bankConnection":{"pollsUntilReady":1,
         "categorization":{"pollsUntilReady":"never"}},"accounts":[{"status":"UPDATED"}]}""").bankConnectionId();
        client.update(token, id);
        assertThat(client.connection(token, id)
                        .json()
                        .get("categorizationStatus")
                        .asText())
                .isEqualTo("PENDING");

        String last = null;
        for (int i = 0; i < 5; i++) {
            last = client.connection(token, id)
                    .json()
                    .get("categorizationStatus")
                    .asText();
        }

        assertThat(last).isEqualTo("IN_PROGRESS");
    }

    @Test
    void connection_withoutCategorizationBlock_isCategorizedAtOnce() throws Exception {
        long id = sandbox.register("""
        {"name":"no-cat","type":"UPDATE","bankConnection":{"pollsUntilReady":1},"accounts":[{"status":"UPDATED"}]}""").bankConnectionId();
        client.update(token, id);

        JsonNode c = client.connection(token, id).json();

        assertThat(c.get("updateStatus").asText()).isEqualTo("READY");
        assertThat(c.get("categorizationStatus").asText()).isEqualTo("READY");
    }

    @Test
    void connection_whenNeverReady_staysInProgressForever() throws Exception {
        long id = sandbox.register("""
        {"name":"never","type":"UPDATE","bankConnection":{"pollsUntilReady":"never"},
         "accounts":[{"status":"UPDATED"}]}""").bankConnectionId();
        client.update(token, id);

        for (int i = 0; i < 10; i++) {
            assertThat(client.connection(token, id).json().get("updateStatus").asText())
                    .isEqualTo("IN_PROGRESS");
        }
    }

    @Test
    void connection_whenBankRejected_readyWithLastManualUpdateError() throws Exception {
        long id = sandbox.register("""
        {"name":"rejected","type":"UPDATE","bankConnection":{"pollsUntilReady":1,"userActionRequired":true,
         "updateResult":{"result":"BANK_SERVER_REJECTION","errorType":"BUSINESS","errorMessage":"PIN falsch"}},
         "accounts":[{"status":"DOWNLOAD_FAILED"}]}""").bankConnectionId();
        client.update(token, id);

        JsonNode iface = client.connection(token, id).json().at("/interfaces/0");

        assertThat(iface.at("/lastManualUpdate/result").asText()).isEqualTo("BANK_SERVER_REJECTION");
        assertThat(iface.at("/lastManualUpdate/errorType").asText()).isEqualTo("BUSINESS");
        assertThat(iface.at("/lastManualUpdate/errorMessage").asText()).isEqualTo("PIN falsch");
        assertThat(iface.at("/lastManualUpdate/timestamp").asText())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}[+-]\\d{2}:\\d{2}");
        assertThat(iface.get("userActionRequired").asBoolean()).isTrue();
        assertThat(iface.get("lastAutoUpdate").isNull()).isTrue();
        assertThat(iface.get("bankingInterface").asText()).isEqualTo("XS2A");
    }

    @Test
    void update_whenScenarioDemands510_answersMultiStepAuthentication() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"sca","type":"UPDATE","bankConnection":{"updateError":{"status":510,
         "code":"ADDITIONAL_AUTHENTICATION_REQUIRED","multiStepAuthentication":"REDIRECT_REQUIRED"}},
         "accounts":[{"status":"UPDATED"}]}""");

        SandboxClient.Response r = client.update(token, s.bankConnectionId());

        assertThat(r.status()).isEqualTo(510);
        JsonNode error = r.json().at("/errors/0");
        assertThat(error.get("code").asText()).isEqualTo("ADDITIONAL_AUTHENTICATION_REQUIRED");
        assertThat(error.at("/multiStepAuthentication/status").asText()).isEqualTo("REDIRECT_REQUIRED");
        assertThat(error.at("/multiStepAuthentication/hash").asText()).isNotBlank();
        assertThat(error.at("/multiStepAuthentication/redirectUrl").asText()).startsWith("https://");
        assertThat(client.connection(token, s.bankConnectionId())
                        .json()
                        .get("updateStatus")
                        .asText())
                .isEqualTo("READY");
        assertThat(sandbox.scenario(s.scenarioId()).updateCalls()).isEqualTo(1);
    }

    @Test
    void update_whenConsentExpired_answers422InvalidConsent() throws Exception {
        long id = sandbox.register("""
        {"name":"consent","type":"UPDATE","bankConnection":{"updateError":{"status":422,"code":"INVALID_CONSENT"}},
         "accounts":[{"status":"UPDATED"}]}""").bankConnectionId();

        SandboxClient.Response r = client.update(token, id);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/errors/0/code").asText()).isEqualTo("INVALID_CONSENT");
        assertThat(r.json().at("/errors/0").has("multiStepAuthentication")).isFalse();
        assertThat(client.connection(token, id)
                        .json()
                        .at("/interfaces/0/aisConsent/status")
                        .asText())
                .isEqualTo("NOT_PRESENT");
    }

    @Test
    void update_whenWrongInterfaceOrUnknownConnection_answersFinapiErrors() throws Exception {
        long id = sandbox.register(TWO_ACCOUNTS_PARTIAL).bankConnectionId();

        SandboxClient.Response wrongInterface = client.postJson(
                "/api/v2/bankConnections/update",
                token,
                "{\"bankConnectionId\":" + id + ",\"bankingInterface\":\"FINTS_SERVER\"}");
        SandboxClient.Response unknown = client.update(token, 42);
        SandboxClient.Response notJson = client.postJson("/api/v2/bankConnections/update", token, "{oops");

        assertThat(wrongInterface.status()).isEqualTo(422);
        assertThat(wrongInterface.json().at("/errors/0/code").asText()).isEqualTo("ILLEGAL_FIELD_VALUE");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void update_whenAlreadyUpdating_answers423AndPollingJoinsTheRunningUpdate() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"join","type":"UPDATE","bankConnection":{"pollsUntilReady":2,"alreadyUpdating":true},
         "accounts":[{"status":"UPDATED"}]}""");
        long id = s.bankConnectionId();

        assertThat(client.update(token, id).status()).isEqualTo(423);
        assertThat(client.connection(token, id).json().get("updateStatus").asText())
                .isEqualTo("IN_PROGRESS");
        assertThat(client.connection(token, id).json().get("updateStatus").asText())
                .isEqualTo("READY");
        assertThat(client.get("/api/v2/accounts/" + s.accountIds().getFirst(), token)
                        .json()
                        .at("/interfaces/0/status")
                        .asText())
                .isEqualTo("UPDATED");
    }

    @Test
    void track_whenRegistered_isInProgressAndTurnsReadyWithoutUpdateCall() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"track","type":"TRACK","bankConnection":{"pollsUntilReady":2},
         "accounts":[{"status":"UPDATED"},{"status":"UPDATED_FIXED"}]}""");

        assertThat(sandbox.scenario(s.scenarioId()).status()).isEqualTo("IN_PROGRESS");
        assertThat(client.connection(token, s.bankConnectionId())
                        .json()
                        .get("updateStatus")
                        .asText())
                .isEqualTo("IN_PROGRESS");
        JsonNode ready = client.connection(token, s.bankConnectionId()).json();

        assertThat(ready.get("updateStatus").asText()).isEqualTo("READY");
        assertThat(client.get("/api/v2/accounts?bankConnectionIds=" + s.bankConnectionId(), token)
                        .json()
                        .get("accounts"))
                .extracting(a -> a.at("/interfaces/0/status").asText())
                .containsExactly("UPDATED", "UPDATED_FIXED");
        assertThat(sandbox.requests(s.scenarioId()))
                .extracting(RecordedRequest::template)
                .doesNotContain("/api/v2/bankConnections/update");
        assertThat(sandbox.scenario(s.scenarioId()).updateCalls()).isZero();
    }

    @Test
    void accounts_whenScenarioStatusIsNotAFinapiValue_servesItVerbatim() throws Exception {
        RegisteredScenario s = sandbox.register("""
        {"name":"weird","type":"TRACK","bankConnection":{"pollsUntilReady":1},
         "accounts":[{"status":"ARCHIVED_BY_BANK","accountType":"Savings","balance":12.5,"currency":"CHF"}]}""");
        client.connection(token, s.bankConnectionId());

        // A status finAPI may add later (its enums "can be extended"): outside today's contract on purpose.
        JsonNode account = client.withoutContract()
                .get("/api/v2/accounts/" + s.accountIds().getFirst(), token)
                .json();

        assertThat(account.at("/interfaces/0/status").asText()).isEqualTo("ARCHIVED_BY_BANK");
        assertThat(account.at("/interfaces/0/lastSuccessfulUpdate").isNull()).isFalse(); // the previous success remains
        assertThat(account.get("accountType").asText()).isEqualTo("Savings");
        assertThat(account.get("balance").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(account.get("accountCurrency").asText()).isEqualTo("CHF");
    }

    @Test
    void connection_shape_hasAllV2Fields() throws Exception {
        RegisteredScenario s = sandbox.register(TWO_ACCOUNTS_PARTIAL);

        JsonNode c = client.connection(token, s.bankConnectionId()).json();

        assertThat(c.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "id",
                        "name",
                        "bank",
                        "updateStatus",
                        "categorizationStatus",
                        "interfaces",
                        "accountIds",
                        "owners");
        assertThat(c.at("/bank/id").asLong()).isEqualTo(s.bankId());
        assertThat(c.at("/interfaces/0").fieldNames())
                .toIterable()
                .contains(
                        "bankingInterface",
                        "loginCredentials",
                        "defaultTwoStepProcedureId",
                        "twoStepProcedures",
                        "aisConsent",
                        "lastManualUpdate",
                        "lastAutoUpdate",
                        "userActionRequired");
        JsonNode account = client.get("/api/v2/accounts/" + s.accountIds().getFirst(), token)
                .json();
        assertThat(account.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "id",
                        "bankConnectionId",
                        "accountName",
                        "iban",
                        "accountNumber",
                        "subAccountNumber",
                        "accountHolderName",
                        "accountHolderId",
                        "accountCurrency",
                        "accountType",
                        "balance",
                        "overdraft",
                        "overdraftLimit",
                        "availableFunds",
                        "isNew",
                        "isSeized",
                        "interfaces");
        assertThat(account.at("/interfaces/0").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "bankingInterface",
                        "status",
                        "capabilities",
                        "paymentCapabilities",
                        "lastSuccessfulUpdate",
                        "lastUpdateAttempt");
    }
}
