package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioParserTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"type\":\"UPDATE\"}| name",
                "{\"name\":\"x\"}| type",
                "{\"name\":\"x\",\"type\":\"REFRESH\"}| type",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"bankConnection\":{\"pollsUntilReady\":\"soon\"}}| bankConnection.pollsUntilReady",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"bankConnection\":{\"bankingInterface\":\"xs2a\"}}| bankConnection.bankingInterface",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"bankConnection\":{\"updateResult\":{\"result\":\"NOPE\"}}}| bankConnection.updateResult.result",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"bankConnection\":{\"updateError\":{\"status\":510,\"code\":\"X\"}}}| bankConnection.updateError.multiStepAuthentication",
                "{\"name\":\"x\",\"type\":\"TRACK\",\"bankConnection\":{\"alreadyUpdating\":true}}| bankConnection.alreadyUpdating",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"webForm\":{}}| webForm",
                "{\"name\":\"x\",\"type\":\"IMPORT\",\"webForm\":{\"status\":\"COMPLETED_WITH_ERROR\"}}| webForm.errorCode",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"accounts\":[{\"status\":\"UPDATED\"},{\"accountName\":\"b\"}]}| accounts[1].status",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"accounts\":[{\"status\":\"UPDATED\",\"accountType\":\"Giro\"}]}| accounts[0].accountType",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"generateAccounts\":{\"count\":0}}| generateAccounts.count",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"auth\":{\"tokenValidRequests\":0}}| auth.tokenValidRequests",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"faults\":[{\"request\":\"GET /api/v2/banks\",\"status\":503}]}| faults[0].request",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"faults\":[{\"request\":\"GET /api/v2/accounts\"}]}| faults[0]",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"expect\":{\"outcome\":\"GREAT\"}}| expect.outcome",
                "{\"name\":\"x\",\"type\":\"UPDATE\",\"acounts\":[]}| acounts",
                "{\"name\":\"x\",\"name\":\"y\",\"type\":\"UPDATE\"}| $",
            })
    void parse_whenInvalid_namesTheField(String json, String field) {
        assertThatThrownBy(() -> ScenarioParser.parse(json))
                .isInstanceOfSatisfying(
                        ScenarioValidationException.class,
                        e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void parse_whenMinimal_appliesDocumentedDefaults() {
        Scenario s =
                ScenarioParser.parse("{\"name\":\"x\",\"type\":\"IMPORT\",\"accounts\":[{\"status\":\"UPDATED\"}]}");

        assertThat(s.webForm()).isEqualTo(new Scenario.WebFormSpec(2, "COMPLETED", null, null));
        assertThat(s.bankConnection().bankingInterface()).isEqualTo("XS2A");
        assertThat(s.bankConnection().pollsUntilReady()).isEqualTo(2);
        assertThat(s.bankConnection().categorizationPollsUntilReady()).isZero();
        assertThat(s.bankConnection().updateResult().result()).isEqualTo("OK");
        assertThat(s.accounts().getFirst().accountType()).isEqualTo("Checking");
        assertThat(s.faults()).isEmpty();
    }

    @Test
    void parse_whenFaultGiven_appliesFaultDefaults() {
        Scenario s = ScenarioParser.parse("""
        {"name":"x","type":"UPDATE","faults":[{"request":"GET  /api/v2/bankConnections/{id}","status":503}]}""");

        Scenario.FaultSpec f = s.faults().getFirst();
        assertThat(f.route()).isEqualTo(Route.GET_CONNECTION);
        assertThat(f.count()).isEqualTo(1);
        assertThat(f.afterMatches()).isZero();
        assertThat(f.drop()).isFalse();
    }

    @Test
    void register_whenFileInvalid_mentionsFileAndField() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("scenario", ".json");
        java.nio.file.Files.writeString(file, "{\"name\":\"x\",\"type\":\"UPDATE\",\"accounts\":[{}]}");
        try (FinapiSandbox sandbox =
                FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false))) {
            assertThatThrownBy(() -> sandbox.register(file))
                    .isInstanceOfSatisfying(ScenarioValidationException.class, e -> {
                        assertThat(e.field()).isEqualTo("accounts[0].status");
                        assertThat(e.getMessage()).contains(file.toString());
                    });
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void parse_whenNameMissingAndDefaultGiven_usesTheDefault_andMinimalScenarioParses() {
        Scenario s = ScenarioParser.parse("{\"type\":\"UPDATE\",\"accounts\":[{\"status\":\"UPDATED\"}]}", "my-file");

        assertThat(s.name()).isEqualTo("my-file");
        assertThat(s.description()).isNull();
        assertThat(s.task()).isEqualTo(new Scenario.TaskSpec(1, "COMPLETED", null, null));
    }

    @Test
    void parse_whenTaskBlockInvalid_namesTheField() {
        assertThatThrownBy(() -> ScenarioParser.parse("""
        {"name":"t","type":"UPDATE","task":{"status":"COMPLETED_WITH_ERROR"},"accounts":[]}"""))
                .isInstanceOfSatisfying(
                        ScenarioValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("task.errorCode"));
        assertThatThrownBy(() -> ScenarioParser.parse("""
        {"name":"t","type":"IMPORT","task":{"status":"COMPLETED"},"accounts":[]}"""))
                .isInstanceOfSatisfying(
                        ScenarioValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("task"));
        assertThatThrownBy(() -> ScenarioParser.parse("""
        {"name":"t","type":"UPDATE","task":{"status":"WEB_FORM_REQUIRED","webForm":{"status":"OPEN"}},"accounts":[]}"""))
                .isInstanceOfSatisfying(
                        ScenarioValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("task.webForm.status"));
    }
}
