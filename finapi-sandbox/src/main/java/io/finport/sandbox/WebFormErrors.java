package io.finport.sandbox;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Error bodies of Web Form 2.0 routes, which differ from Access: {@code Error {code, description, timestamp,
 * endpoint}} with Web Form's own codes, and for 400 {@code ValidationError {errors: [{field, message}], timestamp,
 * endpoint}} without a code (Web Form 2.0 document 2.709.0).
 */
final class WebFormErrors {
    /** Web Form 2.0's {@code Error.code} values. */
    static final List<String> CODES = List.of(
            "UNAUTHORIZED",
            "FORBIDDEN",
            "NOT_FOUND",
            "NOT_ALLOWED",
            "BANK_NOT_SUPPORTED",
            "BANK_NOT_UNIQUE",
            "ENTITY_EXISTS",
            "MANDATOR_MISCONFIGURATION",
            "NOT_SUPPORTED",
            "PAYMENT_NOT_SUPPORTED",
            "INVALID_REDIRECT_URL",
            "LOCKED",
            "INTERNAL_SERVER_ERROR");

    private WebFormErrors() {}

    static Reply error(int status, String code, String description, String endpoint, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", CODES.contains(code) ? code : defaultCode(status));
        body.put("description", description);
        body.put("timestamp", FinapiJson.webForm(now));
        body.put("endpoint", endpoint);
        return Reply.json(status, body);
    }

    static Reply validation(String field, String message, String endpoint, Instant now) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", List.of(Map.of("field", field, "message", message)));
        body.put("timestamp", FinapiJson.webForm(now));
        body.put("endpoint", endpoint);
        return Reply.json(400, body);
    }

    /** Web Form's code for an HTTP status when the caller (a fault, an Access-style code) gives none it knows. */
    static String defaultCode(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "NOT_ALLOWED";
            case 423 -> "LOCKED";
            case 501 -> "NOT_SUPPORTED";
            default -> status >= 500 ? "INTERNAL_SERVER_ERROR" : "NOT_ALLOWED";
        };
    }
}
