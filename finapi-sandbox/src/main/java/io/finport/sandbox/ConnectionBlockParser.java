package io.finport.sandbox;

import static io.finport.sandbox.ScenarioFields.absent;
import static io.finport.sandbox.ScenarioFields.allowOnly;
import static io.finport.sandbox.ScenarioFields.bool;
import static io.finport.sandbox.ScenarioFields.intIn;
import static io.finport.sandbox.ScenarioFields.oneOf;
import static io.finport.sandbox.ScenarioFields.optionalText;
import static io.finport.sandbox.ScenarioFields.pollCount;
import static io.finport.sandbox.ScenarioFields.requireObject;
import static io.finport.sandbox.ScenarioFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.Scenario.ConnectionSpec;
import io.finport.sandbox.Scenario.UpdateErrorSpec;
import io.finport.sandbox.Scenario.UpdateResultSpec;
import java.util.Set;

/** The {@code bankConnection} block: interface, polls, update result, categorization and update error. */
final class ConnectionBlockParser {
    private static final Set<String> UPDATE_RESULTS = Set.of("OK", "BANK_SERVER_REJECTION", "INTERNAL_SERVER_ERROR");
    private static final Set<String> MSA_STATUSES = Set.of(
            "CHALLENGE_RESPONSE_REQUIRED",
            "TWO_STEP_PROCEDURE_REQUIRED",
            "REDIRECT_REQUIRED",
            "DECOUPLED_AUTH_REQUIRED",
            "DECOUPLED_AUTH_IN_PROGRESS");

    private ConnectionBlockParser() {}

    static ConnectionSpec connection(JsonNode node, Scenario.Type type) {
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
        String bankingInterface = oneOf(node, p, "bankingInterface", Scenario.BANKING_INTERFACES, "XS2A");
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
}
