package io.finport.sandbox;

import static io.finport.sandbox.ScenarioFields.absent;
import static io.finport.sandbox.ScenarioFields.allowOnly;
import static io.finport.sandbox.ScenarioFields.bool;
import static io.finport.sandbox.ScenarioFields.intIn;
import static io.finport.sandbox.ScenarioFields.optionalText;
import static io.finport.sandbox.ScenarioFields.requireObject;
import static io.finport.sandbox.ScenarioFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.Scenario.FaultSpec;
import java.util.ArrayList;
import java.util.List;

/** The {@code faults} list of a scenario: which endpoint fails how, how often and after how many matches. */
final class FaultsBlockParser {

    private FaultsBlockParser() {}

    static List<FaultSpec> faults(JsonNode node) {
        if (absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ScenarioValidationException("faults", "must be an array");
        }
        List<FaultSpec> result = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String p = "faults[" + i + "].";
            JsonNode f = node.get(i);
            requireObject(f, "faults[" + i + "]");
            allowOnly(
                    f,
                    p,
                    "request",
                    "status",
                    "count",
                    "delayMillis",
                    "drop",
                    "body",
                    "contentType",
                    "afterMatches",
                    "code",
                    "message",
                    "field");
            String request = requiredText(f, "request", p);
            Route route = Route.fromRequest(request)
                    .orElseThrow(() -> new ScenarioValidationException(
                            p + "request", "unknown endpoint '" + request + "'; use one of " + knownRequests()));
            Integer status = absent(f.get("status")) ? null : intIn(f, p, "status", 100, 599, null);
            int count = intIn(f, p, "count", 1, Integer.MAX_VALUE, 1);
            long delay = intIn(f, p, "delayMillis", 0, 120_000, 0);
            boolean drop = bool(f, p, "drop");
            String body = optionalText(f, "body", p);
            if (status == null && body == null && !drop && delay == 0) {
                throw new ScenarioValidationException(
                        "faults[" + i + "]", "does nothing: set status, body, drop or delayMillis");
            }
            if (drop && (status != null || body != null)) {
                throw new ScenarioValidationException(p + "drop", "cannot be combined with status or body");
            }
            result.add(new FaultSpec(
                    request,
                    route,
                    status,
                    count,
                    delay,
                    drop,
                    body,
                    optionalText(f, "contentType", p),
                    intIn(f, p, "afterMatches", 0, Integer.MAX_VALUE, 0),
                    optionalText(f, "code", p),
                    optionalText(f, "message", p),
                    optionalText(f, "field", p)));
        }
        return List.copyOf(result);
    }

    private static String knownRequests() {
        List<String> all = new ArrayList<>();
        for (Route r : Route.values()) {
            all.add(r.request());
        }
        return String.join(", ", all);
    }
}
