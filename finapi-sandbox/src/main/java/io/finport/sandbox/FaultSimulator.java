package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.Scenario.FaultSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which request suffers which of the scenarios' faults, and which scenario a request touches (for the request
 * log). Not thread-safe: called under {@link SandboxState}'s lock.
 */
final class FaultSimulator {
    private final ScenarioRegistry scenarios;
    private final ConnectionSimulator connections;
    private final WebFormSimulator webForms;
    private final SandboxTasks tasks;

    FaultSimulator(
            ScenarioRegistry scenarios,
            ConnectionSimulator connections,
            WebFormSimulator webForms,
            SandboxTasks tasks) {
        this.scenarios = scenarios;
        this.connections = connections;
        this.webForms = webForms;
        this.tasks = tasks;
    }

    /** The scenario a request touches (for the log) and the fault it must suffer, if any. */
    record FaultDecision(String scenarioId, ScenarioRt faultOwner, FaultSpec fault) {}

    /**
     * Every fault whose endpoint matches counts the request; the first one (registration order, then list order)
     * that is past its {@code afterMatches} and has applications left gets it. So faults on one endpoint queue up.
     */
    FaultDecision claimFault(ApiRequest r) {
        List<ScenarioRt> touched = touchedScenarios(r);
        boolean entityLess = touched == null;
        List<ScenarioRt> candidates = entityLess ? List.copyOf(scenarios.all()) : touched;
        ScenarioRt.FaultRt winner = null;
        ScenarioRt owner = null;
        for (ScenarioRt sc : candidates) {
            for (ScenarioRt.FaultRt f : sc.faults) {
                if (f.spec.route() != r.route()) {
                    continue;
                }
                f.matched++;
                if (winner == null && f.matched > f.spec.afterMatches() && f.applied < f.spec.count()) {
                    f.applied++;
                    winner = f;
                    owner = sc;
                }
            }
        }
        String scenarioId = !entityLess && !touched.isEmpty() ? touched.getFirst().id : owner != null ? owner.id : null;
        return new FaultDecision(scenarioId, owner, winner == null ? null : winner.spec);
    }

    /** Null means the endpoint has no entity (token, users): faults of every active scenario apply. */
    private List<ScenarioRt> touchedScenarios(ApiRequest r) {
        Set<ScenarioRt> found = new LinkedHashSet<>();
        switch (r.route()) {
            case TOKEN, CREATE_USER, GET_USER, DELETE_USER -> {
                return null;
            }
            case CREATE_IMPORT_WEB_FORM -> {
                ScenarioRt sc = scenarios.importScenarioFor(r.json());
                if (sc != null) {
                    found.add(sc);
                }
            }
            case GET_WEB_FORM, WEB_FORM_PAGE -> {
                WebFormRt w = webForms.webForm(r.pathId());
                if (w != null) {
                    found.add(w.scenario);
                }
            }
            case GET_TASK -> {
                SandboxTasks.TaskRt t = tasks.get(r.pathId());
                addScenarioOf(found, t == null ? null : connections.connection(t.bankConnectionId));
            }
            case UPDATE_CONNECTION, CREATE_BACKGROUND_UPDATE -> {
                JsonNode id = r.json() == null ? null : r.json().get("bankConnectionId");
                addScenarioOf(
                        found, id != null && id.canConvertToLong() ? connections.connection(id.longValue()) : null);
            }
            case GET_CONNECTION -> addScenarioOf(found, connections.connection(Ids.parseOrNull(r.pathId())));
            case GET_ACCOUNT -> addScenarioOf(found, connectionOf(connections.account(Ids.parseOrNull(r.pathId()))));
            case GET_ACCOUNTS -> {
                for (Long id : Ids.listOrEmpty(r.param("ids"))) {
                    addScenarioOf(found, connectionOf(connections.account(id)));
                }
                for (Long id : Ids.listOrEmpty(r.param("bankConnectionIds"))) {
                    addScenarioOf(found, connections.connection(id));
                }
            }
        }
        return List.copyOf(found);
    }

    private static ConnectionRt connectionOf(AccountRt a) {
        return a == null ? null : a.connection;
    }

    private static void addScenarioOf(Set<ScenarioRt> found, ConnectionRt c) {
        if (c != null) {
            found.add(c.scenario);
        }
    }
}
