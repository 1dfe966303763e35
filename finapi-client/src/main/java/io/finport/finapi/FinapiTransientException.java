package io.finport.finapi;

import java.time.Duration;

/**
 * A failure that may succeed when retried later: 5xx (except 501 and 510), 429, connect errors, timeouts and dropped
 * connections. The client itself does not retry; the workflow does.
 */
public class FinapiTransientException extends FinapiException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public FinapiTransientException(
            int httpStatus,
            String errorCode,
            String endpoint,
            String requestId,
            String finapiMessage,
            Duration retryAfter,
            Throwable cause) {
        super(
                "finAPI call failed transiently",
                httpStatus,
                errorCode,
                endpoint,
                requestId,
                finapiMessage,
                retryAfter == null ? null : "retryAfter=" + retryAfter,
                cause);
        this.retryAfter = retryAfter;
    }

    /** The server's Retry-After hint (usually on 429), null when absent or unparsable. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
