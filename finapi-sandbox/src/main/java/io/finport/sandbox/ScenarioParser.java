package io.finport.sandbox;

import static io.finport.sandbox.ScenarioFields.absent;
import static io.finport.sandbox.ScenarioFields.allowOnly;
import static io.finport.sandbox.ScenarioFields.intIn;
import static io.finport.sandbox.ScenarioFields.oneOf;
import static io.finport.sandbox.ScenarioFields.optionalText;
import static io.finport.sandbox.ScenarioFields.requireObject;
import static io.finport.sandbox.ScenarioFields.requiredText;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.sandbox.Scenario.AccountSpec;
import io.finport.sandbox.Scenario.AuthSpec;
import io.finport.sandbox.Scenario.BankSpec;
import io.finport.sandbox.Scenario.ConnectionSpec;
import io.finport.sandbox.Scenario.Expect;
import io.finport.sandbox.Scenario.FaultSpec;
import io.finport.sandbox.Scenario.TaskSpec;
import io.finport.sandbox.Scenario.UserSpec;
import io.finport.sandbox.Scenario.WebFormSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns scenario JSON into a {@link Scenario}. Strict on purpose: unknown fields and out-of-range values fail with
 * the field's path, because a typo in a scenario otherwise silently tests something else. The top-level fields and
 * the small blocks are read here; the larger blocks by {@link WebFormBlockParser}, {@link ConnectionBlockParser},
 * {@link AccountsBlockParser} and {@link FaultsBlockParser}, all with the readers of {@link ScenarioFields}.
 */
final class ScenarioParser {
    static final Set<String> OUTCOMES =
            Set.of("SUCCEEDED", "PARTIALLY_FAILED", "FAILED", "USER_ACTION_REQUIRED", "TIMED_OUT");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private ScenarioParser() {}

    /** Parses a scenario whose {@code name} must be given. */
    static Scenario parse(String json) {
        return parse(json, null);
    }

    /** Parses a scenario; without a {@code name} field it is called {@code defaultName} (e.g. the file name). */
    static Scenario parse(String json, String defaultName) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ScenarioValidationException("$", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioValidationException("$", "must be a JSON object");
        }
        allowOnly(
                root,
                "",
                "name",
                "description",
                "expect",
                "type",
                "bank",
                "user",
                "webForm",
                "bankConnection",
                "accounts",
                "generateAccounts",
                "auth",
                "faults",
                "task");

        String name = defaultName != null && absent(root.get("name")) ? defaultName : requiredText(root, "name");
        String description = optionalText(root, "description");
        Expect expect = expect(root.get("expect"));
        Scenario.Type type = Scenario.Type.valueOf(oneOf(root, "", "type", Set.of("IMPORT", "UPDATE", "TRACK"), null));
        BankSpec bank = bank(root.get("bank"));
        UserSpec user = user(root.get("user"));
        WebFormSpec webForm = WebFormBlockParser.webForm(root.get("webForm"), type);
        ConnectionSpec connection = ConnectionBlockParser.connection(root.get("bankConnection"), type);
        List<AccountSpec> accounts = AccountsBlockParser.accounts(root.get("accounts"), root.get("generateAccounts"));
        AuthSpec auth = auth(root.get("auth"));
        List<FaultSpec> faults = FaultsBlockParser.faults(root.get("faults"));
        TaskSpec task = WebFormBlockParser.task(root.get("task"), type);
        return new Scenario(
                name, description, expect, type, bank, user, webForm, connection, accounts, auth, faults, task);
    }

    private static Expect expect(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        requireObject(node, "expect");
        // Other keys are the product harness's business (e.g. expected poll counts); only the shared vocabulary is
        // checked.
        String outcome = oneOf(node, "expect.", "outcome", OUTCOMES, null);
        List<String> warnings = new ArrayList<>();
        JsonNode w = node.get("warnings");
        if (!absent(w)) {
            if (!w.isArray()) {
                throw new ScenarioValidationException("expect.warnings", "must be an array of strings");
            }
            for (int i = 0; i < w.size(); i++) {
                if (!w.get(i).isTextual()) {
                    throw new ScenarioValidationException("expect.warnings[" + i + "]", "must be a string");
                }
                warnings.add(w.get(i).asText());
            }
        }
        return new Expect(outcome, List.copyOf(warnings));
    }

    private static BankSpec bank(JsonNode node) {
        if (absent(node)) {
            return new BankSpec(null, null, null);
        }
        requireObject(node, "bank");
        allowOnly(node, "bank.", "name", "blz", "bic");
        String blz = optionalText(node, "blz", "bank.");
        if (blz != null && !blz.matches("\\d{8}")) {
            throw new ScenarioValidationException("bank.blz", "must be 8 digits");
        }
        return new BankSpec(optionalText(node, "name", "bank."), blz, optionalText(node, "bic", "bank."));
    }

    private static UserSpec user(JsonNode node) {
        if (absent(node)) {
            return null;
        }
        requireObject(node, "user");
        allowOnly(node, "user.", "id", "password");
        String id = optionalText(node, "id", "user.");
        String password = optionalText(node, "password", "user.");
        if (id == null || password == null) {
            throw new ScenarioValidationException(
                    id == null ? "user.id" : "user.password", "is required in a user block");
        }
        if (password.length() < 6) {
            throw new ScenarioValidationException("user.password", "must have at least 6 characters (finAPI rule)");
        }
        return new UserSpec(id, password);
    }

    private static AuthSpec auth(JsonNode node) {
        if (absent(node)) {
            return new AuthSpec(null);
        }
        requireObject(node, "auth");
        allowOnly(node, "auth.", "tokenValidRequests");
        JsonNode t = node.get("tokenValidRequests");
        return new AuthSpec(absent(t) ? null : intIn(node, "auth.", "tokenValidRequests", 1, Integer.MAX_VALUE, null));
    }
}
