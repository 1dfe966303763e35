package io.finport.sandbox;

import java.util.List;

/**
 * Live state of a registered scenario, as served by {@code GET /sandbox/scenarios/{id}}.
 *
 * @param status               AWAITING_WEB_FORM (IMPORT, none created), WEB_FORM_&lt;status&gt; (IMPORT, web form
 *                             without connection), else the connection's updateStatus (IN_PROGRESS / READY)
 * @param connectionPolls      GETs of the connection that counted in the current import/update run
 * @param categorizationPolls  GETs counted towards categorization after the run turned READY
 * @param updateCalls          POST /bankConnections/update calls that reached the scenario (any outcome)
 */
public record ScenarioState(
        String scenarioId,
        String name,
        String type,
        long bankId,
        String status,
        Long bankConnectionId,
        List<Long> accountIds,
        String updateStatus,
        String categorizationStatus,
        int connectionPolls,
        int categorizationPolls,
        int updateCalls,
        List<WebFormState> webForms,
        List<FaultState> faults) {

    public record WebFormState(String id, String status, int polls, Long bankConnectionId) {}

    /** {@code matched} counts matching requests seen, {@code applied} how many got the fault. */
    public record FaultState(String request, int count, int afterMatches, int matched, int applied) {}
}
