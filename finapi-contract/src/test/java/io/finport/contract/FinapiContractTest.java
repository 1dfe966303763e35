package io.finport.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker itself: it accepts finAPI's shapes and names what is wrong with others. */
class FinapiContractTest {
    private final FinapiContract contract = FinapiContract.get();

    @Test
    void contract_namesItsSourcesAndDocumentVersions() {
        assertThat(contract.sources()).contains("2.38.0").contains("2024.18.1").contains("2.709.0");
    }

    @Test
    void request_withUnknownField_missingRequiredField_orBadEnum_isReported() {
        assertThat(contract.checkRequest(
                        "POST",
                        "/api/tasks/backgroundUpdate",
                        "application/json",
                        "{\"bankConnectionId\":1,\"importNewAccountsMode\":\"SKIP\"}",
                        Set.of()))
                .isEmpty();
        assertThat(contract.checkRequest(
                        "POST",
                        "/api/tasks/backgroundUpdate",
                        "application/json",
                        "{\"bankConnectionId\":1,\"bankingInterface\":\"XS2A\"}",
                        Set.of()))
                .singleElement()
                .asString()
                .contains("bankingInterface");
        assertThat(contract.checkRequest(
                        "POST",
                        "/api/v2/bankConnections/update",
                        "application/json",
                        "{\"bankConnectionId\":1}",
                        Set.of()))
                .singleElement()
                .asString()
                .contains("bankingInterface");
        assertThat(contract.checkRequest(
                        "POST",
                        "/api/tasks/backgroundUpdate",
                        "application/json",
                        "{\"bankConnectionId\":1,\"importNewAccountsMode\":\"FORCE\"}",
                        Set.of()))
                .hasSize(1);
        assertThat(contract.checkRequest("POST", "/api/tasks/backgroundUpdate", "text/plain", "{}", Set.of()))
                .singleElement()
                .asString()
                .contains("Content-Type");
    }

    @Test
    void request_formEncodedToken_isCheckedLikeJson() {
        assertThat(contract.checkRequest(
                        "POST",
                        "/api/v2/oauth/token",
                        "application/x-www-form-urlencoded",
                        "grant_type=password&client_id=a&client_secret=b&username=u&password=p",
                        Set.of()))
                .isEmpty();
        assertThat(contract.checkRequest(
                        "POST",
                        "/api/v2/oauth/token",
                        "application/x-www-form-urlencoded",
                        "grant_type=implicit&client_id=a&client_secret=b",
                        Set.of()))
                .hasSize(1);
    }

    @Test
    void request_queryAndPsuHeaders_mustBeDefinedForTheOperation() {
        assertThat(contract.checkRequest("GET", "/api/v2/accounts?ids=1,2", null, null, Set.of()))
                .isEmpty();
        assertThat(contract.checkRequest("GET", "/api/v2/accounts?id=1", null, null, Set.of()))
                .hasSize(1);
        assertThat(contract.checkRequest(
                        "POST",
                        "/api/v2/bankConnections/update",
                        "application/json",
                        "{\"bankConnectionId\":1,\"bankingInterface\":\"XS2A\"}",
                        Set.of("PSU-IP-Address")))
                .isEmpty();
        assertThat(contract.checkRequest("GET", "/api/v2/bankConnections/1", null, null, Set.of("PSU-IP-Address")))
                .hasSize(1);
    }

    @Test
    void response_isCheckedAgainstTheSchemaOfItsStatus() {
        assertThat(
                        contract.checkResponse(
                                "GET",
                                "/api/tasks/5c1b7e2a-0f3d-4c55-9a61-2b7f0c9d8e41",
                                404,
                                "{\"code\":\"NOT_FOUND\",\"description\":\"x\",\"timestamp\":\"t\",\"endpoint\":\"GET /api/tasks/x\"}"))
                .isEmpty();
        assertThat(contract.checkResponse(
                        "GET",
                        "/api/tasks/5c1b7e2a-0f3d-4c55-9a61-2b7f0c9d8e41",
                        404,
                        "{\"errors\":[{\"code\":\"UNKNOWN_ENTITY\",\"message\":\"x\",\"type\":\"BUSINESS\"}],\"date\":\"d\","
                                + "\"requestId\":\"r\",\"endpoint\":\"e\"}"))
                .isNotEmpty();
        assertThat(
                        contract.checkResponse(
                                "POST",
                                "/api/tasks/backgroundUpdate",
                                400,
                                "{\"errors\":[{\"field\":\"bankConnectionId\",\"message\":\"m\"}],\"timestamp\":\"t\",\"endpoint\":\"e\"}"))
                .isEmpty();
    }

    @Test
    void hasPath_followsNestedObjectsAndArrays() {
        assertThat(contract.hasPath("BankConnection", "interfaces[].lastManualUpdate.result"))
                .isTrue();
        assertThat(contract.hasPath("Task", "payload.webForm.url")).isTrue();
        assertThat(contract.hasPath("Account", "status")).isFalse();
        assertThat(contract.hasPath("Account", "interfaces[].status")).isTrue();
    }
}
