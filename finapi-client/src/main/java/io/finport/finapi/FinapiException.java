package io.finport.finapi;

import java.util.regex.Pattern;

/**
 * Base of all finAPI client failures. Subclass names are a public contract (Step Functions matches errors by
 * fully-qualified class name), so do not rename or move them.
 *
 * <p>{@link #getMessage()} is built only from the HTTP status, finAPI error code, endpoint template and request id.
 * finAPI's free-text message can carry bank or personal data, so it is kept out of the message and available only
 * through {@link #finapiMessage()} for callers that store it deliberately.
 */
public abstract class FinapiException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    // finAPI codes look like ENTITY_EXISTS or invalid_client; anything else is not trusted into a message.
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private final int httpStatus;
    private final String errorCode;
    private final String endpoint;
    private final String requestId;
    private final String finapiMessage;

    protected FinapiException(
            String summary,
            int httpStatus,
            String errorCode,
            String endpoint,
            String requestId,
            String finapiMessage,
            String extraDetails,
            Throwable cause) {
        super(buildMessage(summary, httpStatus, safeCode(errorCode), endpoint, requestId, extraDetails), cause);
        this.httpStatus = httpStatus;
        this.errorCode = safeCode(errorCode);
        this.endpoint = endpoint;
        this.requestId = requestId;
        this.finapiMessage = finapiMessage;
    }

    /** HTTP status of the failing response, 0 when there was none (connect error, timeout). */
    public int httpStatus() {
        return httpStatus;
    }

    /** finAPI's {@code errors[0].code} (or the OAuth {@code error}), null when absent. */
    public String errorCode() {
        return errorCode;
    }

    /** Method and path template, e.g. {@code GET /api/v2/bankConnections/{id}}. */
    public String endpoint() {
        return endpoint;
    }

    /** The X-Request-Id sent with the failing physical request. */
    public String requestId() {
        return requestId;
    }

    /** finAPI's free-text error message. May contain bank or personal data: never log it casually. */
    public String finapiMessage() {
        return finapiMessage;
    }

    static String safeCode(String code) {
        return code != null && CODE.matcher(code).matches() ? code : null;
    }

    private static String buildMessage(
            String summary, int status, String code, String endpoint, String requestId, String extra) {
        StringBuilder sb = new StringBuilder(summary)
                .append(" [endpoint=")
                .append(endpoint)
                .append(", status=")
                .append(status)
                .append(", errorCode=")
                .append(code)
                .append(", requestId=")
                .append(requestId);
        if (extra != null && !extra.isEmpty()) {
            sb.append(", ").append(extra);
        }
        return sb.append(']').toString();
    }
}
