package io.finport.finapi;

/**
 * Authentication failed: the token endpoint rejected the client or user credentials, or an API call still got 401
 * after one token renewal and replay.
 */
public class FinapiAuthenticationException extends FinapiException {

    private static final long serialVersionUID = 1L;

    public FinapiAuthenticationException(
            int httpStatus, String errorCode, String endpoint, String requestId, String finapiMessage) {
        super("finAPI authentication failed", httpStatus, errorCode, endpoint, requestId, finapiMessage, null, null);
    }
}
