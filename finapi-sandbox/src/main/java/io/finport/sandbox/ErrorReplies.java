package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.finport.sandbox.FinapiJson.ErrorDetail;
import io.finport.sandbox.FinapiJson.ErrorMessage;
import io.finport.sandbox.FinapiJson.MultiStepAuthentication;
import io.finport.sandbox.FinapiJson.OAuthError;
import io.finport.sandbox.Scenario.FaultSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * finAPI's error answers: Access's ErrorMessage (with the caller's authContext), OAuth's error shape, Web Form 2.0's
 * shape for its own endpoints, and the errors a scenario's fault injects.
 */
final class ErrorReplies {
    private final String clientId;
    private final Clock clock;

    ErrorReplies(String clientId, Clock clock) {
        this.clientId = clientId;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    Reply error(Call call, int status, String code, String type, String message, MultiStepAuthentication msa) {
        if (call.r.route() != null && call.r.route().isWebFormApi()) {
            return webFormError(call.r, status, code, message);
        }
        String authContext = !call.authenticated ? null : clientId + (call.userId == null ? "" : "/" + call.userId);
        return Reply.json(
                status,
                new ErrorMessage(
                        List.of(new ErrorDetail(message, code, type, msa)),
                        FinapiJson.v2(now()),
                        call.r.requestId(),
                        call.r.endpoint(),
                        authContext,
                        null));
    }

    /** A business error: finAPI's most common answer to a bad request. */
    Reply business(Call call, int status, String code, String message) {
        return error(call, status, code, "BUSINESS", message, null);
    }

    /** Ends the request with a business error (see {@link Reply.Halt}). */
    Reply.Halt halt(Call call, int status, String code, String message) {
        return new Reply.Halt(business(call, status, code, message));
    }

    /** Access errors become Web Form's shape: its codes, and 400 as a ValidationError naming the field. */
    Reply webFormError(ApiRequest r, int status, String code, String message) {
        if (status == 400) {
            return WebFormErrors.validation(
                    code != null && code.startsWith("field:") ? code.substring(6) : "body",
                    message,
                    r.endpoint(),
                    now());
        }
        String webFormCode = code == null
                ? null
                : switch (code) {
                    case "UNKNOWN_ENTITY" -> status == 404 ? "NOT_FOUND" : "BANK_NOT_SUPPORTED";
                    case "ILLEGAL_FIELD_VALUE", "MISSING_FIELD", "ILLEGAL_ENTITY_STATE" -> "NOT_ALLOWED";
                    case "UNSUPPORTED_BANK" -> "BANK_NOT_SUPPORTED";
                    case "UNEXPECTED_ERROR" -> "INTERNAL_SERVER_ERROR";
                    default -> code;
                };
        return WebFormErrors.error(status, webFormCode, message, r.endpoint(), now());
    }

    static Reply oauthError(int status, String error, String description) {
        return Reply.json(status, new OAuthError(error, description));
    }

    /** finAPI-style error body for an injected fault status (401 uses the OAuth shape like the real thing). */
    Reply faultError(ApiRequest r, ScenarioRt owner, FaultSpec fault) {
        int status = fault.status();
        String message = fault.message() != null
                ? fault.message()
                : "Injected by sandbox scenario '" + owner.spec.name() + "': HTTP " + status;
        if (r.route() != null && r.route().isWebFormApi()) {
            return webFormError(
                    r,
                    status,
                    status == 400 && fault.field() != null ? "field:" + fault.field() : fault.code(),
                    message);
        }
        if (status == 401) {
            return oauthError(401, "invalid_token", fault.message() != null ? fault.message() : "Invalid access token");
        }
        String code = fault.code() != null
                ? fault.code()
                : switch (status) {
                    case 400 -> "BAD_REQUEST";
                    case 403 -> "FORBIDDEN";
                    case 404 -> "UNKNOWN_ENTITY";
                    case 405 -> "METHOD_NOT_ALLOWED";
                    case 415 -> "UNSUPPORTED_MEDIA_TYPE";
                    case 422 -> "ILLEGAL_ENTITY_STATE";
                    case 423 -> "LOCKED";
                    case 501 -> "UNSUPPORTED_BANK";
                    case 510 -> "ADDITIONAL_AUTHENTICATION_REQUIRED";
                    default -> status >= 500 ? "UNEXPECTED_ERROR" : "BAD_REQUEST";
                };
        return unauthenticated(r, status, code, technicalOrBusiness(status), message);
    }

    /** A business error for a request nobody authenticated (unknown endpoint, wrong method). */
    Reply plainError(ApiRequest r, int status, String code, String message) {
        return unauthenticated(r, status, code, "BUSINESS", message);
    }

    private Reply unauthenticated(ApiRequest r, int status, String code, String type, String message) {
        return Reply.json(
                status,
                new ErrorMessage(
                        List.of(new ErrorDetail(message, code, type, null)),
                        FinapiJson.v2(now()),
                        r.requestId(),
                        r.endpoint(),
                        null,
                        null));
    }

    /** finAPI's error type: server errors are TECHNICAL, except 510 (additional authentication), like 4xx. */
    static String technicalOrBusiness(int status) {
        return status >= 500 && status != 510 ? "TECHNICAL" : "BUSINESS";
    }

    /** The request's JSON object body (an empty one when there is none); invalid JSON or a non-object halts with 400. */
    JsonNode jsonBody(Call call) {
        if (call.r.invalidJson()) {
            throw halt(call, 400, "BAD_REQUEST", "Request body is not valid JSON");
        }
        JsonNode json = call.r.json();
        if (json != null && !json.isObject()) {
            throw halt(call, 400, "BAD_REQUEST", "Request body must be a JSON object");
        }
        return json == null ? JsonNodeFactory.instance.objectNode() : json;
    }

    static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
