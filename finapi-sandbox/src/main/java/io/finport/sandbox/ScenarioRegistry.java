package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registered scenarios and the bank each one plays; what the other simulators look scenarios up in. */
final class ScenarioRegistry {
    // Ids are never reused, not even after reset, so a client holding stale ids cannot hit someone else's entity.
    private long nextBankId = 280_001;
    private long nextScenarioId = 1;

    private final Map<String, ScenarioRt> scenarios = new LinkedHashMap<>();
    private final Map<Long, ScenarioRt> banks = new HashMap<>();

    ScenarioRt add(Scenario spec, Instant now) {
        ScenarioRt sc = new ScenarioRt("scn-" + nextScenarioId++, spec, nextBankId++, now);
        scenarios.put(sc.id, sc);
        banks.put(sc.bankId, sc);
        return sc;
    }

    /** Removes the scenario and its bank; null when unknown. */
    ScenarioRt remove(String scenarioId) {
        ScenarioRt sc = scenarios.remove(scenarioId);
        if (sc != null) {
            banks.remove(sc.bankId);
        }
        return sc;
    }

    ScenarioRt get(String scenarioId) {
        return scenarios.get(scenarioId);
    }

    /** Registration order. */
    Collection<ScenarioRt> all() {
        return scenarios.values();
    }

    void clear() {
        scenarios.clear();
        banks.clear();
    }

    /** The IMPORT scenario an import web form's {@code bank.id} names (null: none). */
    ScenarioRt importScenarioFor(JsonNode body) {
        JsonNode id = body == null ? null : body.path("bank").get("id");
        if (id == null || id.isNull()) {
            // Convenience for hand-driven sessions: with exactly one IMPORT scenario the bank may be omitted.
            List<ScenarioRt> imports = scenarios.values().stream()
                    .filter(s -> s.spec.type() == Scenario.Type.IMPORT)
                    .toList();
            return imports.size() == 1 ? imports.getFirst() : null;
        }
        return id.canConvertToLong() ? banks.get(id.longValue()) : null;
    }

    /** The strictest {@code auth.tokenValidRequests} of all scenarios; null when none limits tokens. */
    Integer tokenUseLimit() {
        Integer min = null;
        for (ScenarioRt sc : scenarios.values()) {
            Integer limit = sc.spec.auth().tokenValidRequests();
            if (limit != null && (min == null || limit < min)) {
                min = limit;
            }
        }
        return min;
    }
}
