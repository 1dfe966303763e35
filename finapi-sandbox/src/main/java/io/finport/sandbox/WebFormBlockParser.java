package io.finport.sandbox;

import static io.finport.sandbox.ScenarioFields.absent;
import static io.finport.sandbox.ScenarioFields.allowOnly;
import static io.finport.sandbox.ScenarioFields.intIn;
import static io.finport.sandbox.ScenarioFields.oneOf;
import static io.finport.sandbox.ScenarioFields.optionalText;
import static io.finport.sandbox.ScenarioFields.pollCount;
import static io.finport.sandbox.ScenarioFields.requireObject;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.Scenario.TaskSpec;
import io.finport.sandbox.Scenario.WebFormSpec;
import java.util.Set;

/** The {@code webForm} block of an IMPORT and the {@code task} block of an UPDATE (with their callback fields). */
final class WebFormBlockParser {

    private WebFormBlockParser() {}

    /** Web Form 2.0 task of an UPDATE; without a block the task completes at its first poll. */
    static TaskSpec task(JsonNode node, Scenario.Type type) {
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
        String status = oneOf(node, "task.", "status", Scenario.TASK_FINAL, "COMPLETED");
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

    static WebFormSpec webForm(JsonNode node, Scenario.Type type) {
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
        String status = oneOf(node, p, "status", Scenario.WEB_FORM_FINAL, "COMPLETED");
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
}
