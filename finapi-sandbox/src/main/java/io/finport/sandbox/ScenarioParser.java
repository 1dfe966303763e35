package io.finport.sandbox;

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
import io.finport.sandbox.Scenario.UpdateErrorSpec;
import io.finport.sandbox.Scenario.UpdateResultSpec;
import io.finport.sandbox.Scenario.UserSpec;
import io.finport.sandbox.Scenario.WebFormSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns scenario JSON into a {@link Scenario}. Strict on purpose: unknown fields and out-of-range values fail with
 * the field's path, because a typo in a scenario otherwise silently tests something else.
 */
final class ScenarioParser {
    static final Set<String> OUTCOMES =
            Set.of("SUCCEEDED", "PARTIALLY_FAILED", "FAILED", "USER_ACTION_REQUIRED", "TIMED_OUT");
    static final Set<String> BANKING_INTERFACES = Set.of("XS2A", "FINTS_SERVER", "WEB_SCRAPER");
    static final Set<String> ACCOUNT_TYPES =
            Set.of("Checking", "Savings", "CreditCard", "Security", "Loan", "Membership", "Bausparen");
    static final Set<String> WEB_FORM_FINAL = Set.of("COMPLETED", "ABORTED", "EXPIRED", "COMPLETED_WITH_ERROR");
    static final Set<String> UPDATE_RESULTS = Set.of("OK", "BANK_SERVER_REJECTION", "INTERNAL_SERVER_ERROR");
    static final Set<String> MSA_STATUSES = Set.of(
            "CHALLENGE_RESPONSE_REQUIRED",
            "TWO_STEP_PROCEDURE_REQUIRED",
            "REDIRECT_REQUIRED",
            "DECOUPLED_AUTH_REQUIRED",
            "DECOUPLED_AUTH_IN_PROGRESS");
    static final int MAX_GENERATED_ACCOUNTS = 20_000;

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
        WebFormSpec webForm = webForm(root.get("webForm"), type);
        ConnectionSpec connection = connection(root.get("bankConnection"), type);
        List<AccountSpec> accounts = accounts(root.get("accounts"), root.get("generateAccounts"));
        AuthSpec auth = auth(root.get("auth"));
        List<FaultSpec> faults = faults(root.get("faults"));
        TaskSpec task = task(root.get("task"), type);
        return new Scenario(
                name, description, expect, type, bank, user, webForm, connection, accounts, auth, faults, task);
    }

    static final Set<String> TASK_FINAL = Set.of("COMPLETED", "WEB_FORM_REQUIRED", "COMPLETED_WITH_ERROR");

    /** Web Form 2.0 task of an UPDATE; without a block the task completes at its first poll. */
    private static TaskSpec task(JsonNode node, Scenario.Type type) {
        if (absent(node)) {
            return new TaskSpec(1, "COMPLETED", null, null);
        }
        if (type != Scenario.Type.UPDATE) {
            throw new ScenarioValidationException("task", "only allowed for type UPDATE");
        }
        requireObject(node, "task");
        allowOnly(
                node,
                "task.",
                "pollsUntilFinal",
                "status",
                "errorCode",
                "webForm",
                "finalAfterMillis",
                "callback",
                "callbackDelayMillis");
        int polls = pollCount(node, "task.", "pollsUntilFinal", 1, false);
        String status = oneOf(node, "task.", "status", TASK_FINAL, "COMPLETED");
        String errorCode = optionalText(node, "errorCode", "task.");
        if (status.equals("COMPLETED_WITH_ERROR") != (errorCode != null)) {
            throw new ScenarioValidationException(
                    "task.errorCode",
                    errorCode == null
                            ? "is required for status COMPLETED_WITH_ERROR"
                            : "only allowed with status COMPLETED_WITH_ERROR");
        }
        WebFormSpec form = null;
        if (status.equals("WEB_FORM_REQUIRED")) {
            form = absent(node.get("webForm"))
                    ? new WebFormSpec(1, "COMPLETED", null, null)
                    : webFormBlock(node.get("webForm"), "task.webForm");
        } else if (!absent(node.get("webForm"))) {
            throw new ScenarioValidationException("task.webForm", "only allowed with status WEB_FORM_REQUIRED");
        }
        return new TaskSpec(polls, status, errorCode, form, callback(node, "task."));
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

    private static WebFormSpec webForm(JsonNode node, Scenario.Type type) {
        if (type != Scenario.Type.IMPORT) {
            if (!absent(node)) {
                throw new ScenarioValidationException("webForm", "only allowed for type IMPORT");
            }
            return null;
        }
        if (absent(node)) {
            return new WebFormSpec(2, "COMPLETED", null, null);
        }
        return webFormBlock(node, "webForm");
    }

    private static WebFormSpec webFormBlock(JsonNode node, String field) {
        String p = field + ".";
        requireObject(node, field);
        allowOnly(
                node,
                p,
                "pollsUntilFinal",
                "status",
                "errorCode",
                "errorMessage",
                "finalAfterMillis",
                "callback",
                "callbackDelayMillis");
        int polls = pollCount(node, p, "pollsUntilFinal", 2, false);
        String status = oneOf(node, p, "status", WEB_FORM_FINAL, "COMPLETED");
        String errorCode = optionalText(node, "errorCode", p);
        String errorMessage = optionalText(node, "errorMessage", p);
        if (status.equals("COMPLETED_WITH_ERROR") && errorCode == null) {
            throw new ScenarioValidationException(p + "errorCode", "is required for status COMPLETED_WITH_ERROR");
        }
        if (!status.equals("COMPLETED_WITH_ERROR") && (errorCode != null || errorMessage != null)) {
            throw new ScenarioValidationException(
                    errorCode != null ? p + "errorCode" : p + "errorMessage",
                    "only allowed with status COMPLETED_WITH_ERROR");
        }
        return new WebFormSpec(polls, status, errorCode, errorMessage, callback(node, p));
    }

    /** The optional callback fields of a webForm or task block (see Scenario.CallbackSpec). */
    private static Scenario.CallbackSpec callback(JsonNode node, String p) {
        JsonNode after = node.get("finalAfterMillis");
        Integer finalAfter = absent(after) ? null : intIn(node, p, "finalAfterMillis", 0, 3_600_000, null);
        String mode = oneOf(node, p, "callback", Set.of("SEND", "DROP"), "SEND");
        int delay = intIn(node, p, "callbackDelayMillis", 0, 600_000, 0);
        return new Scenario.CallbackSpec(finalAfter, mode.equals("DROP"), delay);
    }

    private static ConnectionSpec connection(JsonNode node, Scenario.Type type) {
        if (absent(node)) {
            return new ConnectionSpec(null, "XS2A", 2, new UpdateResultSpec("OK", null, null), 0, false, false, null);
        }
        String p = "bankConnection.";
        requireObject(node, "bankConnection");
        allowOnly(
                node,
                p,
                "name",
                "bankingInterface",
                "pollsUntilReady",
                "updateResult",
                "categorization",
                "alreadyUpdating",
                "userActionRequired",
                "updateError");
        String bankingInterface = oneOf(node, p, "bankingInterface", BANKING_INTERFACES, "XS2A");
        int polls = pollCount(node, p, "pollsUntilReady", 2, true);
        UpdateResultSpec result = updateResult(node.get("updateResult"));
        int categorization = 0;
        JsonNode cat = node.get("categorization");
        if (!absent(cat)) {
            requireObject(cat, p + "categorization");
            allowOnly(cat, p + "categorization.", "pollsUntilReady");
            categorization = pollCount(cat, p + "categorization.", "pollsUntilReady", 2, true);
        }
        boolean alreadyUpdating = bool(node, p, "alreadyUpdating");
        if (alreadyUpdating && type != Scenario.Type.UPDATE) {
            throw new ScenarioValidationException(
                    p + "alreadyUpdating", "only allowed for type UPDATE (TRACK is always running)");
        }
        boolean userActionRequired = bool(node, p, "userActionRequired");
        UpdateErrorSpec updateError = updateError(node.get("updateError"));
        return new ConnectionSpec(
                optionalText(node, "name", p),
                bankingInterface,
                polls,
                result,
                categorization,
                alreadyUpdating,
                userActionRequired,
                updateError);
    }

    private static UpdateResultSpec updateResult(JsonNode node) {
        String p = "bankConnection.updateResult.";
        if (absent(node)) {
            return new UpdateResultSpec("OK", null, null);
        }
        requireObject(node, "bankConnection.updateResult");
        allowOnly(node, p, "result", "errorType", "errorMessage");
        String result = oneOf(node, p, "result", UPDATE_RESULTS, "OK");
        String errorType = oneOf(node, p, "errorType", Set.of("BUSINESS", "TECHNICAL"), null);
        String errorMessage = optionalText(node, "errorMessage", p);
        if (result.equals("OK")) {
            if (errorType != null || errorMessage != null) {
                throw new ScenarioValidationException(
                        p + (errorType != null ? "errorType" : "errorMessage"),
                        "must be absent when result is OK (finAPI sends null)");
            }
            return new UpdateResultSpec("OK", null, null);
        }
        boolean rejection = result.equals("BANK_SERVER_REJECTION");
        return new UpdateResultSpec(
                result,
                errorType != null ? errorType : rejection ? "BUSINESS" : "TECHNICAL",
                errorMessage != null
                        ? errorMessage
                        : rejection
                                ? "Die Anmeldung ist fehlgeschlagen. Bitte prüfen Sie Ihre Zugangsdaten."
                                : "An internal error occurred while communicating with the bank.");
    }

    private static UpdateErrorSpec updateError(JsonNode node) {
        String p = "bankConnection.updateError.";
        if (absent(node)) {
            return null;
        }
        requireObject(node, "bankConnection.updateError");
        allowOnly(node, p, "status", "code", "message", "multiStepAuthentication");
        int status = intIn(node, p, "status", 400, 599, null);
        String code = requiredText(node, "code", p);
        String msa = oneOf(node, p, "multiStepAuthentication", MSA_STATUSES, null);
        if (status == 510 && msa == null) {
            throw new ScenarioValidationException(p + "multiStepAuthentication", "is required with status 510");
        }
        if (status != 510 && msa != null) {
            throw new ScenarioValidationException(p + "multiStepAuthentication", "only allowed with status 510");
        }
        return new UpdateErrorSpec(status, code, optionalText(node, "message", p), msa);
    }

    private static List<AccountSpec> accounts(JsonNode node, JsonNode generate) {
        List<AccountSpec> result = new ArrayList<>();
        if (!absent(node)) {
            if (!node.isArray()) {
                throw new ScenarioValidationException("accounts", "must be an array");
            }
            for (int i = 0; i < node.size(); i++) {
                String p = "accounts[" + i + "].";
                JsonNode a = node.get(i);
                requireObject(a, "accounts[" + i + "]");
                allowOnly(
                        a,
                        p,
                        "accountName",
                        "accountType",
                        "iban",
                        "status",
                        "balance",
                        "currency",
                        "bankingInterface",
                        "accountHolderName");
                String name = optionalText(a, "accountName", p);
                BigDecimal balance = null;
                JsonNode b = a.get("balance");
                if (!absent(b)) {
                    if (!b.isNumber()) {
                        throw new ScenarioValidationException(p + "balance", "must be a number");
                    }
                    balance = b.decimalValue();
                }
                String currency = optionalText(a, "currency", p);
                if (currency != null && !currency.matches("[A-Z]{3}")) {
                    throw new ScenarioValidationException(p + "currency", "must be an ISO 4217 code like EUR");
                }
                result.add(new AccountSpec(
                        name != null ? name : "Konto " + (i + 1),
                        oneOf(a, p, "accountType", ACCOUNT_TYPES, "Checking"),
                        optionalText(a, "iban", p),
                        // Any status string is allowed: serving statuses finAPI never defined is a feature, not a bug.
                        requiredText(a, "status", p),
                        balance,
                        currency,
                        oneOf(a, p, "bankingInterface", BANKING_INTERFACES, null),
                        optionalText(a, "accountHolderName", p),
                        false));
            }
        }
        if (!absent(generate)) {
            String p = "generateAccounts.";
            requireObject(generate, "generateAccounts");
            allowOnly(generate, p, "count", "status", "accountType", "namePrefix");
            int count = intIn(generate, p, "count", 1, MAX_GENERATED_ACCOUNTS, null);
            JsonNode statusNode = generate.get("status");
            String status = absent(statusNode) ? "UPDATED" : requiredText(generate, "status", p);
            String type = oneOf(generate, p, "accountType", ACCOUNT_TYPES, "Checking");
            String prefix = optionalText(generate, "namePrefix", p);
            for (int i = 0; i < count; i++) {
                result.add(new AccountSpec(
                        (prefix != null ? prefix : "Konto") + " " + (i + 1),
                        type,
                        null,
                        status,
                        null,
                        null,
                        null,
                        null,
                        true));
            }
        }
        return List.copyOf(result);
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

    private static List<FaultSpec> faults(JsonNode node) {
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

    // --- small typed readers that name the field on failure ---

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private static void requireObject(JsonNode n, String field) {
        if (!n.isObject()) {
            throw new ScenarioValidationException(field, "must be a JSON object");
        }
    }

    private static void allowOnly(JsonNode n, String prefix, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ok.contains(f)) {
                throw new ScenarioValidationException(
                        prefix + f, "unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    private static String requiredText(JsonNode n, String field) {
        return requiredText(n, field, "");
    }

    private static String requiredText(JsonNode n, String field, String prefix) {
        String v = optionalText(n, field, prefix);
        if (v == null || v.isBlank()) {
            throw new ScenarioValidationException(prefix + field, "is required");
        }
        return v;
    }

    private static String optionalText(JsonNode n, String field) {
        return optionalText(n, field, "");
    }

    private static String optionalText(JsonNode n, String field, String prefix) {
        JsonNode v = n.get(field);
        if (absent(v)) {
            return null;
        }
        if (!v.isTextual()) {
            throw new ScenarioValidationException(prefix + field, "must be a string");
        }
        return v.asText();
    }

    private static String oneOf(JsonNode n, String prefix, String field, Set<String> allowed, String fallback) {
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

    private static String sorted(Set<String> values) {
        return values.stream().sorted().toList().toString();
    }

    private static boolean bool(JsonNode n, String prefix, String field) {
        JsonNode v = n.get(field);
        if (absent(v)) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new ScenarioValidationException(prefix + field, "must be true or false");
        }
        return v.booleanValue();
    }

    private static int intIn(JsonNode n, String prefix, String field, int min, int max, Integer fallback) {
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

    private static int pollCount(JsonNode n, String prefix, String field, int fallback, boolean neverAllowed) {
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
