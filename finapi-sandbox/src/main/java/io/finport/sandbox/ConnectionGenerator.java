package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code generateConnections} in a scenario: N bank connections for M users, with a distribution of the outcomes
 * their next update produces. Each connection is a one-connection UPDATE scenario registered in the sandbox, so it
 * behaves exactly like a hand-written one (polls until READY, update result, accounts).
 *
 * <pre>{"generateConnections": {"users": 5, "connections": 50, "pollsUntilReady": 1,
 *     "outcomes": {"SUCCEEDED": 40, "PARTIALLY_FAILED": 4, "FAILED": 3, "USER_ACTION_REQUIRED": 3}}}</pre>
 *
 * The outcome weights are spread evenly over the connections (largest remainder, interleaved), connection i belongs to
 * user i mod M; the same spec always generates the same plan.
 */
public final class ConnectionGenerator {
    public static final Set<String> OUTCOMES =
            Set.of("SUCCEEDED", "PARTIALLY_FAILED", "FAILED", "USER_ACTION_REQUIRED");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_CONNECTIONS = 100_000;

    private ConnectionGenerator() {}

    /** One generated connection: its user (0-based), finAPI id, the outcome its update will have, its scenario. */
    public record GeneratedConnection(int user, long bankConnectionId, String plannedOutcome, String scenarioId) {}

    public record Spec(int users, int connections, int pollsUntilReady, Map<String, Integer> outcomes) {}

    /** Reads and checks the {@code generateConnections} block; errors name the field. */
    public static Spec parse(JsonNode block) {
        if (block == null || !block.isObject())
            throw new ScenarioValidationException("generateConnections", "must be an object");
        int users = positive(block, "users", 1_000_000);
        int connections = positive(block, "connections", MAX_CONNECTIONS);
        int polls = block.has("pollsUntilReady") ? nonNegative(block, "pollsUntilReady") : 1;
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        JsonNode weights = block.path("outcomes");
        if (!weights.isObject() || weights.isEmpty()) {
            throw new ScenarioValidationException("generateConnections.outcomes", "must map outcomes to weights");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = weights.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!OUTCOMES.contains(e.getKey())) {
                throw new ScenarioValidationException("generateConnections.outcomes", "knows only " + OUTCOMES);
            }
            if (!e.getValue().canConvertToInt() || e.getValue().intValue() < 0) {
                throw new ScenarioValidationException(
                        "generateConnections.outcomes." + e.getKey(), "must be a weight >= 0");
            }
            outcomes.put(e.getKey(), e.getValue().intValue());
        }
        if (outcomes.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw new ScenarioValidationException("generateConnections.outcomes", "needs a positive weight");
        }
        return new Spec(users, connections, polls, outcomes);
    }

    /** Registers the connections in the sandbox; returns them in generation order. */
    public static List<GeneratedConnection> generate(FinapiSandbox sandbox, Spec spec, String namePrefix) {
        List<String> plan = plan(spec);
        List<GeneratedConnection> generated = new ArrayList<>(plan.size());
        for (int i = 0; i < plan.size(); i++) {
            String outcome = plan.get(i);
            RegisteredScenario registered =
                    sandbox.register(scenario(namePrefix + "-" + i, outcome, spec.pollsUntilReady())
                            .toString());
            generated.add(new GeneratedConnection(
                    i % spec.users(), registered.bankConnectionId(), outcome, registered.scenarioId()));
        }
        return generated;
    }

    /** The outcome of each connection: weights scaled to the count (largest remainder), then interleaved. */
    static List<String> plan(Spec spec) {
        int total =
                spec.outcomes().values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Double> remainders = new LinkedHashMap<>();
        int assigned = 0;
        for (var e : spec.outcomes().entrySet()) {
            double exact = (double) spec.connections() * e.getValue() / total;
            counts.put(e.getKey(), (int) Math.floor(exact));
            remainders.put(e.getKey(), exact - Math.floor(exact));
            assigned += (int) Math.floor(exact);
        }
        List<String> byRemainder = new ArrayList<>(remainders.keySet());
        byRemainder.sort((a, b) -> Double.compare(remainders.get(b), remainders.get(a)));
        for (int i = 0; assigned < spec.connections(); i++, assigned++)
            counts.merge(byRemainder.get(i % byRemainder.size()), 1, Integer::sum);
        // Interleave: at step k take the outcome furthest behind its share, so every slice of the list is mixed.
        List<String> plan = new ArrayList<>(spec.connections());
        Map<String, Integer> used = new LinkedHashMap<>();
        counts.keySet().forEach(k -> used.put(k, 0));
        for (int k = 0; k < spec.connections(); k++) {
            String next = null;
            double bestLag = -1;
            for (var e : counts.entrySet()) {
                if (used.get(e.getKey()) >= e.getValue()) continue;
                double lag = (double) (k + 1) * e.getValue() / spec.connections() - used.get(e.getKey());
                if (lag > bestLag) {
                    bestLag = lag;
                    next = e.getKey();
                }
            }
            plan.add(next);
            used.merge(next, 1, Integer::sum);
        }
        return plan;
    }

    /** A one-connection UPDATE scenario whose update ends with this outcome (same shapes as scenarios/update-*.json). */
    public static ObjectNode scenario(String name, String outcome, int pollsUntilReady) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("name", name);
        s.put("type", "UPDATE");
        ObjectNode connection = s.putObject("bankConnection");
        connection.put("bankingInterface", "XS2A");
        connection.put("pollsUntilReady", pollsUntilReady);
        ObjectNode result = connection.putObject("updateResult");
        result.put("result", "OK");
        if ("FAILED".equals(outcome)) {
            result.put("result", "BANK_SERVER_REJECTION");
            result.put("errorType", "BUSINESS");
            result.put("errorMessage", "Zugang gesperrt");
        }
        if ("USER_ACTION_REQUIRED".equals(outcome)) {
            ObjectNode error = connection.putObject("updateError");
            error.put("status", 510);
            error.put("code", "ADDITIONAL_AUTHENTICATION_REQUIRED");
            error.put("multiStepAuthentication", "REDIRECT_REQUIRED");
        }
        ArrayNode accounts = s.putArray("accounts");
        account(
                accounts,
                "Girokonto",
                "Checking",
                "DE89370400440532013000",
                "FAILED".equals(outcome) ? "DOWNLOAD_FAILED" : "UPDATED");
        if ("PARTIALLY_FAILED".equals(outcome))
            account(accounts, "Tagesgeld", "Savings", "DE02120300000000202051", "DOWNLOAD_FAILED");
        return s;
    }

    private static void account(ArrayNode accounts, String name, String type, String iban, String status) {
        ObjectNode a = accounts.addObject();
        a.put("accountName", name);
        a.put("accountType", type);
        a.put("iban", iban);
        a.put("status", status);
        a.put("balance", 100.0);
    }

    private static int positive(JsonNode block, String field, int max) {
        JsonNode v = block.path(field);
        if (!v.canConvertToInt() || v.intValue() < 1 || v.intValue() > max) {
            throw new ScenarioValidationException(
                    "generateConnections." + field, "must be an integer from 1 to " + max);
        }
        return v.intValue();
    }

    private static int nonNegative(JsonNode block, String field) {
        JsonNode v = block.path(field);
        if (!v.canConvertToInt() || v.intValue() < 0) {
            throw new ScenarioValidationException("generateConnections." + field, "must be an integer >= 0");
        }
        return v.intValue();
    }
}
