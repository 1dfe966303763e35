package io.finport.finapi;

import static io.finport.finapi.FinapiTestSupport.IBAN;
import static io.finport.finapi.FinapiTestSupport.USER;
import static io.finport.finapi.FinapiTestSupport.bankConnectionJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.finapi.FakeFinapiServer.RecordedRequest;
import io.finport.finapi.FakeFinapiServer.Response;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinapiClientOperationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FinapiTestSupport t;

    @BeforeEach
    void setUp() throws Exception {
        t = new FinapiTestSupport();
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void createUser_whenCreated_sendsIdAndPasswordWithClientToken() throws Exception {
        t.server.on("POST", "/api/v2/users", r -> Response.json(201, """
                {"id":"user-42","password":"pw-123456","email":null,"isAutoUpdateEnabled":false,"phone":"x"}"""));

        User user = t.client.createUser("user-42", "pw-123456");

        assertThat(user).isEqualTo(new User("user-42", "pw-123456", null, false));
        RecordedRequest request = t.server.requests("POST", "/api/v2/users").get(0);
        assertThat(JSON.readTree(request.body()))
                .isEqualTo(JSON.readTree("{\"id\":\"user-42\",\"password\":\"pw-123456\"}"));
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Authorization")).isEqualTo("Bearer client-token-1");
        assertThat(t.server.tokenRequests().get(0).form())
                .containsEntry("grant_type", "client_credentials")
                .doesNotContainKeys("username", "password");
    }

    @Test
    void deleteUser_sendsDeleteWithTheUsersOwnToken() throws Exception {
        t.server.on("DELETE", "/api/v2/users", r -> Response.json(200, "{\"identifier\":\"user-42\"}"));

        t.client.deleteUser(USER, "orphan-1");

        RecordedRequest request = t.server.requests("DELETE", "/api/v2/users").get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer user-token-1");
    }

    @Test
    void createBankConnectionImportWebForm_whenAllFieldsSet_mapsNestedJson() throws Exception {
        t.server.on("POST", "/api/webForms/bankConnectionImport", r -> Response.json(201, """
                {"id":"wf-1","url":"https://webform/wf-1","createdAt":"2025-01-01T10:00:00.000+0100",
                 "expiresAt":"2025-01-01T10:20:00.000+0100","type":"BANK_CONNECTION_IMPORT",
                 "status":"NOT_YET_OPENED","payload":{}}"""));
        WebFormImportRequest request = new WebFormImportRequest(
                277672L,
                List.of("XS2A"),
                List.of("CHECKING", "SAVINGS"),
                90,
                "https://cb.example/finalised",
                "https://bank-return.example/sca");

        WebForm form = t.client.createBankConnectionImportWebForm(USER, request, "imp-1/webform");

        assertThat(form.id()).isEqualTo("wf-1");
        assertThat(form.url()).isEqualTo("https://webform/wf-1");
        assertThat(WebFormStatus.parse(form.status())).isEqualTo(WebFormStatus.NOT_YET_OPENED);
        RecordedRequest sent =
                t.server.requests("POST", "/api/webForms/bankConnectionImport").get(0);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer user-token-1");
        assertThat(JSON.readTree(sent.body())).isEqualTo(JSON.readTree("""
                {"bank":{"id":277672},"allowedInterfaces":["XS2A"],"accountTypes":["CHECKING","SAVINGS"],
                 "maxDaysForDownload":90,"callbacks":{"finalised":"https://cb.example/finalised"},
                 "redirectUrl":"https://bank-return.example/sca"}"""));
    }

    @Test
    void createBankConnectionImportWebForm_whenFieldsNull_omitsThem() throws Exception {
        t.server.on(
                "POST",
                "/api/webForms/bankConnectionImport",
                r -> Response.json(201, "{\"id\":\"wf-1\",\"url\":\"https://webform/wf-1\"}"));

        t.client.createBankConnectionImportWebForm(
                USER, new WebFormImportRequest(null, List.of("FINTS_SERVER"), null, null, null, null), "imp-1/webform");

        String body = t.server
                .requests("POST", "/api/webForms/bankConnectionImport")
                .get(0)
                .body();
        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("{\"allowedInterfaces\":[\"FINTS_SERVER\"]}"));
    }

    @Test
    void createBankConnectionImportWebForm_whenResponseLacksUrl_throwsResponseException() {
        t.server.on("POST", "/api/webForms/bankConnectionImport", r -> Response.json(201, "{\"id\":\"wf-1\"}"));

        assertThatThrownBy(() ->
                        t.client.createBankConnectionImportWebForm(USER, WebFormImportRequest.empty(), "imp-1/webform"))
                .isInstanceOfSatisfying(
                        FinapiResponseException.class,
                        e -> assertThat(e.problem()).isEqualTo("missing field url"));
    }

    @Test
    void getWebForm_whenUnknownStatusAndErrorPayload_keepsRawValues() {
        t.server.on("GET", "/api/webForms/wf-9", r -> Response.json(200, """
                {"id":"wf-9","url":"u","status":"SOMETHING_NEW","type":"BANK_CONNECTION_IMPORT",
                 "payload":{"bankConnectionId":77,"errorCode":"NEW_ERROR_CODE","errorMessage":"Bank said no"}}"""));

        WebForm form = t.client.getWebForm(USER, "wf-9", "imp-1/webform/poll/1");

        assertThat(form.status()).isEqualTo("SOMETHING_NEW");
        assertThat(WebFormStatus.parse(form.status())).isEqualTo(WebFormStatus.UNKNOWN);
        assertThat(form.payload()).isEqualTo(new WebForm.Payload(77L, "NEW_ERROR_CODE", "Bank said no"));
    }

    @Test
    void getWebForm_whenIdHasPathCharacters_rejectsWithoutCall() {
        assertThatThrownBy(() -> t.client.getWebForm(USER, "../users", "imp-1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(t.server.requests()).isEmpty();
    }

    @Test
    void updateBankConnection_whenAccepted_sendsBodyAndParsesConnection() throws Exception {
        t.server.on(
                "POST",
                "/api/v2/bankConnections/update",
                r -> Response.json(200, bankConnectionJson(7, "IN_PROGRESS")));

        BankConnection connection =
                t.client.updateBankConnection(USER, new UpdateRequest(7, "XS2A", true), "imp-1/update");

        assertThat(connection.id()).isEqualTo(7L);
        assertThat(UpdateStatus.parse(connection.updateStatus())).isEqualTo(UpdateStatus.IN_PROGRESS);
        String body = t.server
                .requests("POST", "/api/v2/bankConnections/update")
                .get(0)
                .body();
        assertThat(JSON.readTree(body))
                .isEqualTo(JSON.readTree(
                        "{\"bankConnectionId\":7,\"bankingInterface\":\"XS2A\",\"importNewAccounts\":true}"));
    }

    @Test
    void updateBankConnection_whenImportNewAccountsNull_omitsField() throws Exception {
        t.server.on(
                "POST",
                "/api/v2/bankConnections/update",
                r -> Response.json(200, bankConnectionJson(7, "IN_PROGRESS")));

        t.client.updateBankConnection(USER, new UpdateRequest(7, "FINTS_SERVER", null), "imp-1/update");

        JsonNode body = JSON.readTree(t.server
                .requests("POST", "/api/v2/bankConnections/update")
                .get(0)
                .body());
        assertThat(body.has("importNewAccounts")).isFalse();
    }

    @Test
    void getBankConnection_whenFullBody_parsesNestedInterfaces() {
        t.server.on("GET", "/api/v2/bankConnections/7", r -> Response.json(200, """
                {"id":7,"name":"Giro","bank":{"id":277672,"name":"Test Bank","bic":"X"},
                 "updateStatus":"READY","categorizationStatus":"SOME_FUTURE_STATE","accountIds":[1,2,3],
                 "owners":[{"firstName":"Max"}],
                 "interfaces":[{"bankingInterface":"XS2A",
                   "lastManualUpdate":{"result":"BANK_SERVER_REJECTION","errorMessage":"PIN wrong",
                                       "errorType":"BUSINESS","timestamp":"2025-01-01T10:00:00.000+01:00"},
                   "lastAutoUpdate":null,"userActionRequired":true,
                   "aisConsent":{"status":"PRESENT","expiresAt":"2025-04-01T00:00:00.000+02:00",
                                 "supportsImportNewAccounts":false},
                   "loginCredentials":[{"label":"PIN","value":"XXXXX"}]}]}"""));

        BankConnection c = t.client.getBankConnection(USER, 7, "imp-1/check/1");

        assertThat(c.bank()).isEqualTo(new BankConnection.Bank(277672L, "Test Bank"));
        assertThat(c.accountIds()).containsExactly(1L, 2L, 3L);
        assertThat(c.categorizationStatus()).isEqualTo("SOME_FUTURE_STATE");
        assertThat(CategorizationStatus.parse(c.categorizationStatus())).isEqualTo(CategorizationStatus.UNKNOWN);
        BankConnectionInterface xs2a = c.interfaces().get(0);
        assertThat(xs2a.bankingInterface()).isEqualTo("XS2A");
        assertThat(xs2a.lastManualUpdate())
                .isEqualTo(new UpdateResult(
                        "BANK_SERVER_REJECTION", "PIN wrong", "BUSINESS", "2025-01-01T10:00:00.000+01:00"));
        assertThat(UpdateResultCode.parse(xs2a.lastManualUpdate().result()))
                .isEqualTo(UpdateResultCode.BANK_SERVER_REJECTION);
        assertThat(xs2a.lastAutoUpdate()).isNull();
        assertThat(xs2a.userActionRequired()).isTrue();
        assertThat(xs2a.aisConsent())
                .isEqualTo(new BankConnectionInterface.AisConsent("PRESENT", "2025-04-01T00:00:00.000+02:00", false));
        assertThat(t.server.requests("GET", "/api/v2/bankConnections/7")).hasSize(1);
    }

    @Test
    void getBankConnection_whenOptionalFieldsMissing_returnsEmptyListsAndNulls() {
        t.server.on("GET", "/api/v2/bankConnections/7", r -> Response.json(200, "{\"id\":7}"));

        BankConnection c = t.client.getBankConnection(USER, 7, "imp-1/check/1");

        assertThat(c.accountIds()).isEmpty();
        assertThat(c.interfaces()).isEmpty();
        assertThat(c.bank()).isNull();
        assertThat(UpdateStatus.parse(c.updateStatus())).isEqualTo(UpdateStatus.UNKNOWN);
    }

    @Test
    void getAccounts_whenFieldsPresent_parsesAccountAndInterfaces() {
        t.server.on("GET", "/api/v2/accounts", r -> Response.json(200, """
                {"accounts":[{"id":11,"bankConnectionId":7,"accountName":"Giro","iban":"%s",
                  "accountNumber":"0532013000","subAccountNumber":"01","accountHolderName":"Max Mustermann",
                  "accountCurrency":"EUR","accountType":"Checking","balance":1234.567890123456789,
                  "overdraft":0,"overdraftLimit":500.00,"availableFunds":1734.56,"isNew":true,
                  "isSeized":false,
                  "interfaces":[{"bankingInterface":"XS2A","status":"BRAND_NEW_STATUS",
                    "capabilities":["DATA_DOWNLOAD"],"lastSuccessfulUpdate":"2025-01-01T10:00:00.000+01:00",
                    "lastUpdateAttempt":"2025-01-01T10:00:01.000+01:00"}]}]}""".formatted(IBAN)));

        List<Account> accounts = t.client.getAccounts(USER, List.of(11L), "imp-1/accounts");

        Account a = accounts.get(0);
        assertThat(a.id()).isEqualTo(11L);
        assertThat(a.bankConnectionId()).isEqualTo(7L);
        assertThat(a.iban()).isEqualTo(IBAN);
        assertThat(a.balance()).isEqualByComparingTo(new BigDecimal("1234.567890123456789"));
        assertThat(a.overdraftLimit()).isEqualTo(new BigDecimal("500.00"));
        assertThat(a.isNew()).isTrue();
        assertThat(a.interfaces())
                .containsExactly(new AccountInterface(
                        "XS2A", "BRAND_NEW_STATUS", "2025-01-01T10:00:00.000+01:00", "2025-01-01T10:00:01.000+01:00"));
        assertThat(t.server.requests("GET", "/api/v2/accounts").get(0).query()).isEqualTo("ids=11");
    }

    @Test
    void getAccounts_when2500Ids_makesThreeOrderedCallsOfAtMost1000() {
        // Echo the requested ids back, in request order, so concatenation order is observable.
        t.server.on("GET", "/api/v2/accounts", r -> {
            String ids = r.query().substring("ids=".length());
            String accounts = Arrays.stream(ids.split(","))
                    .map(id -> "{\"id\":" + id + ",\"bankConnectionId\":7}")
                    .collect(Collectors.joining(","));
            return Response.json(200, "{\"accounts\":[" + accounts + "]}");
        });
        List<Long> ids = LongStream.rangeClosed(1, 2500)
                .map(i -> 10_000_000L - i)
                .boxed()
                .toList();

        List<Account> accounts = t.client.getAccounts(USER, ids, "imp-1/accounts");

        List<RecordedRequest> calls = t.server.requests("GET", "/api/v2/accounts");
        assertThat(calls).hasSize(3);
        assertThat(calls).extracting(r -> r.query().split(",").length).containsExactly(1000, 1000, 500);
        assertThat(calls.get(1).query()).startsWith("ids=" + ids.get(1000) + ",");
        assertThat(accounts).extracting(Account::id).containsExactlyElementsOf(ids);
        assertThat(calls)
                .extracting(r -> r.header("X-Request-Id"))
                .doesNotHaveDuplicates()
                .allMatch(id -> id.startsWith("imp-1/accounts#"));
        assertThat(t.server.tokenRequests()).hasSize(1);
    }

    @Test
    void getAccounts_whenNoIds_makesNoCall() {
        List<Account> accounts = t.client.getAccounts(USER, List.of(), "imp-1/accounts");

        assertThat(accounts).isEmpty();
        assertThat(t.server.requests()).isEmpty();
    }

    @Test
    void getAccounts_whenAccountsArrayMissing_throwsResponseException() {
        t.server.on("GET", "/api/v2/accounts", r -> Response.json(200, "{\"paging\":{}}"));

        assertThatThrownBy(() -> t.client.getAccounts(USER, List.of(1L), "imp-1/accounts"))
                .isInstanceOfSatisfying(
                        FinapiResponseException.class,
                        e -> assertThat(e.problem()).isEqualTo("missing field accounts"));
    }

    @Test
    void everyRequest_whenSent_carriesRequestIdAcceptAndDistinctAttemptSuffix() {
        t.server.on("GET", "/api/v2/bankConnections/7", r -> Response.json(200, bankConnectionJson(7, "READY")));
        t.server.on("GET", "/api/v2/accounts", r -> Response.json(200, "{\"accounts\":[]}"));

        t.client.getBankConnection(USER, 7, "imp-abc/check/3");
        t.client.getAccounts(USER, List.of(1L), "imp-abc/accounts/1");

        List<RecordedRequest> all = t.server.requests();
        assertThat(all).hasSize(3);
        assertThat(all)
                .extracting(r -> r.header("X-Request-Id"))
                .containsExactly("imp-abc/check/3#1", "imp-abc/check/3#2", "imp-abc/accounts/1#1");
        assertThat(all).extracting(r -> r.header("Accept")).containsOnly("application/json");
    }

    @Test
    void requestId_whenLongerThan255_isRejectedWithoutCall() {
        String tooLong = "x".repeat(256);

        assertThatThrownBy(() -> t.client.getBankConnection(USER, 7, tooLong))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(t.server.requests()).isEmpty();
    }

    @Test
    void requestId_whenExactly255_isTrimmedToFitSuffix() {
        t.server.on("GET", "/api/v2/bankConnections/7", r -> Response.json(200, bankConnectionJson(7, "READY")));
        String longest = "y".repeat(255);

        t.client.getBankConnection(USER, 7, longest);

        assertThat(t.server.requests())
                .extracting(r -> r.header("X-Request-Id"))
                .allMatch(id -> id.length() <= 255)
                .containsExactly("y".repeat(253) + "#1", "y".repeat(253) + "#2");
    }

    @Test
    void requestId_whenContainsLineBreak_isRejected() {
        assertThatThrownBy(() -> t.client.getBankConnection(USER, 7, "imp-1\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
