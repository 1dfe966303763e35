package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/** The small typed readers of a scenario's JSON: each names the field (path included) in the error it throws. */
final class ScenarioFields {
    private ScenarioFields() {}

    static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    static void requireObject(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new ScenarioValidationException(field, "must be a JSON object");
        }
    }

    static void allowOnly(JsonNode n, String prefix, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw new ScenarioValidationException(
                        prefix + f, "unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    static String requiredText(JsonNode n, String field) {
        return requiredText(n, field, "");
    }

    static String requiredText(JsonNode n, String field, String prefix) {
        String v = optionalText(n, field, prefix);
        if (v == null || v.isBlank()) {
            throw new ScenarioValidationException(prefix + field, "is required");
        }
        return v;
    }

    static String optionalText(JsonNode n, String field) {
        return optionalText(n, field, "");
    }

    static String optionalText(JsonNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (absent(v)) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ScenarioValidationException(prefix + field, "must be a string");
        }
        return v.asText();
    }

    static String oneOf(JsonNode n, String prefix, String field, Set<String> allowed, String fallback) {
        String v = optionalText(n, field, prefix);
        if (v == null) {
            if (fallback == null && prefix.isEmpty()) {
                throw new ScenarioValidationException(field, "is required (one of " + sorted(allowed) + ")");
            }
            return fallback;
        }
        if (!allowed.contains(v)) {
            // Enum values are case-sensitive in finAPI; a near miss gets a hint instead of a silent default.
            throw new ScenarioValidationException(prefix + field, "'" + v + "' is not one of " + sorted(allowed));
        }
        return v;
    }

    static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }

    static boolean bool(JsonNode n, String prefix, String field) {
        JsonNode v = n.get(field);
        if (absent(v)) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ScenarioValidationException(prefix + field, "must be true or false");
        }
        return v.booleanValue();
    }

    static int intIn(JsonNode n, String prefix, String field, int min, int max, Integer fallback) {
        JsonNode v = n.get(field);
        if (absent(v)) {
            if (fallback == null) {
                throw new ScenarioValidationException(prefix + field, "is required");
            }
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new ScenarioValidationException(prefix + field, "must be an integer between " + min + " and " + max);
        }
        return v.intValue();
    }

    static int pollCount(JsonNode n, String prefix, String field, int fallback, boolean neverAllowed) {
        JsonNode v = n.get(field);
        if (v != null && v.isTextual()) {
            if (neverAllowed && v.asText().toLowerCase(Locale.ROOT).equals("never")) {
                return Scenario.NEVER;
            }
            throw new ScenarioValidationException(
                    prefix + field, neverAllowed ? "must be an integer >= 0 or \"never\"" : "must be an integer >= 0");
        }
        return intIn(n, prefix, field, 0, 1_000_000, fallback);
    }
}
