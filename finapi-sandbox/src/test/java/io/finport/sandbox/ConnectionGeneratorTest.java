package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConnectionGeneratorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ConnectionGenerator.Spec spec(String json) throws Exception {
        return ConnectionGenerator.parse(MAPPER.readTree(json));
    }

    @Test
    void plan_whenWeightsDoNotDivideEvenly_matchesTheCountAndMixesOutcomes() throws Exception {
        ConnectionGenerator.Spec spec = spec(
                "{\"users\":5,\"connections\":47,\"outcomes\":{\"SUCCEEDED\":30,\"PARTIALLY_FAILED\":6,\"FAILED\":6,\"USER_ACTION_REQUIRED\":5}}");
        List<String> plan = ConnectionGenerator.plan(spec);

        Map<String, Long> counts =
                plan.stream().collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
        assertThat(plan).hasSize(47);
        assertThat(counts)
                .isEqualTo(Map.of("SUCCEEDED", 30L, "PARTIALLY_FAILED", 6L, "FAILED", 6L, "USER_ACTION_REQUIRED", 5L));
        assertThat(plan.subList(0, 10)).as("interleaved, not in blocks").contains("SUCCEEDED", "FAILED");
        assertThat(ConnectionGenerator.plan(spec)).as("deterministic").isEqualTo(plan);
    }

    @Test
    void generate_whenRegistered_givesEachConnectionAnUpdateWithItsPlannedOutcomeSpreadOverUsers() throws Exception {
        try (FinapiSandbox sandbox =
                FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false))) {
            var generated = ConnectionGenerator.generate(
                    sandbox,
                    spec(
                            "{\"users\":3,\"connections\":8,\"pollsUntilReady\":0,\"outcomes\":{\"SUCCEEDED\":1,\"FAILED\":1}}"),
                    "gen");

            assertThat(generated).hasSize(8);
            assertThat(generated)
                    .extracting(ConnectionGenerator.GeneratedConnection::bankConnectionId)
                    .doesNotHaveDuplicates();
            assertThat(generated)
                    .extracting(ConnectionGenerator.GeneratedConnection::user)
                    .containsExactly(0, 1, 2, 0, 1, 2, 0, 1);
            assertThat(generated.stream().filter(g -> g.plannedOutcome().equals("FAILED")))
                    .hasSize(4);
            assertThat(sandbox.scenario(generated.get(0).scenarioId())).isNotNull();
        }
    }

    @Test
    void parse_whenTheBlockIsWrong_namesTheField() {
        assertThatThrownBy(() -> spec("{\"users\":0,\"connections\":1,\"outcomes\":{\"SUCCEEDED\":1}}"))
                .isInstanceOf(ScenarioValidationException.class)
                .hasMessageContaining("generateConnections.users");
        assertThatThrownBy(() -> spec("{\"users\":1,\"connections\":1,\"outcomes\":{\"GREAT\":1}}"))
                .hasMessageContaining("generateConnections.outcomes");
        assertThatThrownBy(() -> spec("{\"users\":1,\"connections\":1,\"outcomes\":{\"SUCCEEDED\":0}}"))
                .hasMessageContaining("positive weight");
    }
}
