package io.finport.workflow.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.finport.domain.Outcome;
import io.finport.workflow.task.TaskIo.TaskError;

/**
 * Turns the error a Catch delivers ({"Error": class name, "Cause": Lambda error JSON}) into a recorded outcome.
 * Known finAPI answers become their outcome; anything else is FAILED and marked unexpected, so the execution
 * still ends failed (after recording and notifying) and operators see it.
 */
public final class FailureClassifier {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String FINAPI = "io.finport.finapi.";

    public record Verdict(Outcome outcome, String reason, boolean unexpected) {}

    public Verdict classify(TaskError error) {
        String name = error == null || error.error() == null ? "UNKNOWN" : error.error();
        return switch (name) {
            case FINAPI + "UserActionRequiredException" ->
                new Verdict(Outcome.USER_ACTION_REQUIRED, messageOf(error, "finAPI requires user action"), false);
            case FINAPI + "FinapiBusinessException" ->
                new Verdict(Outcome.FAILED, messageOf(error, "finAPI rejected the request"), false);
            case FINAPI + "FinapiAuthenticationException" ->
                new Verdict(
                        Outcome.FAILED,
                        "the service's finAPI credentials were rejected: " + messageOf(error, "no details"),
                        false);
            case FINAPI + "FinapiTransientException" ->
                new Verdict(
                        Outcome.FAILED,
                        "finAPI stayed unavailable after retries: " + messageOf(error, "no details"),
                        false);
            case FINAPI + "FinapiResponseException" ->
                new Verdict(Outcome.FAILED, messageOf(error, "finAPI response unusable"), false);
            default -> new Verdict(Outcome.FAILED, "internal error (" + simpleName(name) + ")", true);
        };
    }

    /**
     * Our finAPI exceptions build their messages from safe fields only (a fixed summary, then status, code, endpoint
     * and request id), so they serve as the recorded reason.
     */
    private static String messageOf(TaskError error, String fallback) {
        if (error == null || error.cause() == null) return fallback;
        try {
            String text = errorMessage(error.cause());
            return text.isBlank() ? fallback : truncate(text);
        } catch (Exception e) {
            return fallback;
        }
    }

    /** The top-level "errorMessage" of Lambda's error JSON as text ("" when absent or not a scalar). */
    private static String errorMessage(String cause) throws java.io.IOException {
        String text = "";
        try (JsonParser p = JSON.createParser(cause)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("errorMessage".equals(name))
                    text = value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : "";
                else p.skipChildren();
            }
        }
        return text;
    }

    private static String truncate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String simpleName(String name) {
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return simple.matches("[A-Za-z0-9_$]{1,80}") ? simple : "error";
    }
}
