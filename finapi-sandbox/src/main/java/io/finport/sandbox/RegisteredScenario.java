package io.finport.sandbox;

import java.util.List;

/**
 * What registering a scenario created. For IMPORT, {@code bankConnectionId} is null and {@code accountIds} empty:
 * they exist only once a web form completes (see {@link FinapiSandbox#scenario(String)}).
 */
public record RegisteredScenario(
        String scenarioId, String name, String type, long bankId, Long bankConnectionId, List<Long> accountIds) {

    public RegisteredScenario {
        accountIds = List.copyOf(accountIds);
    }
}
