package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped scenarios in ../scenarios: each one parses, registers, and ends as its {@code expect} block says. */
class ScenarioFilesTest {
    static final Path DIR =
            Path.of(System.getProperty("basedir", "."), "..", "scenarios").normalize();
    private static final Set<String> REQUIRED = Set.of(
            "update-two-accounts",
            "update-partial",
            "update-bank-rejection",
            "update-all-failed",
            "update-consent-expired",
            "update-sca-required",
            "update-user-action-flag",
            "update-locked-join",
            "update-balance-adjusted",
            "update-account-deprecated",
            "update-unknown-status",
            "update-categorization-pending",
            "update-never-ready",
            "update-transient-faults",
            "update-token-expiry",
            "import-webform-completed",
            "import-webform-aborted",
            "import-webform-expired",
            "import-unexpected-status",
            "track-in-progress",
            "update-many-accounts");

    private static final Set<String> KNOWN_STATUSES =
            Set.of("UPDATED", "UPDATED_FIXED", "DOWNLOAD_IN_PROGRESS", "DOWNLOAD_FAILED", "DEPRECATED");

    static Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void scenariosFolder_containsEveryRequiredScenario_andCoversEveryOutcomeAndWarning() throws IOException {
        Set<String> names = new TreeSet<>();
        Set<String> outcomes = new TreeSet<>();
        Set<String> warnings = new TreeSet<>();
        for (Path file : files().toList()) {
            JsonNode json = SandboxClient.MAPPER.readTree(file.toFile());
            names.add(json.get("name").asText());
            outcomes.add(json.at("/expect/outcome").asText());
            json.at("/expect/warnings").forEach(w -> warnings.add(w.asText()));
        }

        assertThat(names).containsAll(REQUIRED);
        assertThat(outcomes).containsExactlyInAnyOrderElementsOf(ScenarioParser.OUTCOMES);
        assertThat(warnings)
                .containsExactlyInAnyOrder(
                        "BALANCE_ADJUSTED", "ACCOUNT_DEPRECATED", "CATEGORIZATION_PENDING", "UNEXPECTED_STATUS");
    }

    @Test
    void allScenarios_registerTogetherInOneSandbox_withUniqueIds() throws IOException {
        try (FinapiSandbox sandbox =
                FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false))) {
            List<RegisteredScenario> registered = files().map(sandbox::register).toList();

            assertThat(registered).extracting(RegisteredScenario::bankId).doesNotHaveDuplicates();
            assertThat(registered)
                    .filteredOn(r -> r.bankConnectionId() != null)
                    .extracting(RegisteredScenario::bankConnectionId)
                    .doesNotHaveDuplicates();
            assertThat(registered.stream().flatMap(r -> r.accountIds().stream()).toList())
                    .doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void scenarioFile_isDocumented_andEndsAsExpected(Path file) throws Exception {
        JsonNode json = SandboxClient.MAPPER.readTree(file.toFile());
        assertThat(file.getFileName().toString()).isEqualTo(json.get("name").asText() + ".json");
        assertThat(json.path("description").asText()).hasSizeGreaterThan(30);
        json.at("/accounts").forEach(a -> {
            if (a.hasNonNull("iban")) {
                assertThat(Ibans.isValid(a.get("iban").asText()))
                        .as(a.get("iban").asText())
                        .isTrue();
            }
        });

        try (FinapiSandbox sandbox =
                FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false))) {
            RegisteredScenario registered = sandbox.register(file);
            // Scenarios that script answers finAPI does not define (verbatim fault bodies, account statuses finAPI may
            // add later) are exempt from the contract check; every other answer must be one finAPI defines.
            boolean scriptedOffContract = json.path("faults").findValues("body").size() > 0
                    || json.path("accounts").findValuesAsText("status").stream()
                            .anyMatch(st -> !KNOWN_STATUSES.contains(st));
            SandboxClient http = new SandboxClient(sandbox.baseUrl());
            ReferenceClient.Result result = new ReferenceClient(scriptedOffContract ? http.withoutContract() : http)
                    .run(registered, json.has("task"));

            assertThat(result.outcome()).isEqualTo(json.at("/expect/outcome").asText());
            Set<String> expectedWarnings = new TreeSet<>();
            json.at("/expect/warnings").forEach(w -> expectedWarnings.add(w.asText()));
            assertThat(result.warnings()).isEqualTo(expectedWarnings);
            if (!json.path("faults").isEmpty()) {
                assertThat(sandbox.scenario(registered.scenarioId()).faults())
                        .allSatisfy(f -> assertThat(f.applied()).as(f.request()).isEqualTo(f.count()));
            }
        }
    }
}
