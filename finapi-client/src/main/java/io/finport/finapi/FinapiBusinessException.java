package io.finport.finapi;

import java.util.regex.Pattern;

/**
 * finAPI rejected the request for a business or validation reason (400, 403, 404, 422, 501, other 4xx). Retrying
 * the same request will not help; inspect {@link #errorCode()} (e.g. ENTITY_EXISTS, UNKNOWN_ENTITY,
 * BANK_NOT_SUPPORTED) or, for a Web Form 2.0 validation error (which has no code), {@link #invalidField()}.
 */
public class FinapiBusinessException extends FinapiException {

    private static final long serialVersionUID = 1L;
    // Field paths look like redirectUrl or allowedInterfaces[0]; anything else is not trusted into a message.
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.\\[\\]]{1,64}");

    private final String invalidField;

    public FinapiBusinessException(
            int httpStatus, String errorCode, String endpoint, String requestId, String finapiMessage) {
        this(httpStatus, errorCode, endpoint, requestId, finapiMessage, null);
    }

    public FinapiBusinessException(
            int httpStatus,
            String errorCode,
            String endpoint,
            String requestId,
            String finapiMessage,
            String invalidField) {
        super(
                "finAPI rejected the request",
                httpStatus,
                errorCode,
                endpoint,
                requestId,
                finapiMessage,
                safeField(invalidField) == null ? null : "field=" + safeField(invalidField),
                null);
        this.invalidField = safeField(invalidField);
    }

    private static String safeField(String field) {
        return field != null && FIELD.matcher(field).matches() ? field : null;
    }

    /** The request field a Web Form 2.0 validation error (400) names, null otherwise. */
    public String invalidField() {
        return invalidField;
    }
}
