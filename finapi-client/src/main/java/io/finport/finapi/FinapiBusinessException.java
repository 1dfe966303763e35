package io.finport.finapi;

/**
 * finAPI rejected the request for a business or validation reason (400, 403, 404, 422, 501, other 4xx). Retrying
 * the same request will not help; inspect {@link #errorCode()} (e.g. ENTITY_EXISTS, UNKNOWN_ENTITY).
 */
public class FinapiBusinessException extends FinapiException {

    private static final long serialVersionUID = 1L;

    public FinapiBusinessException(int httpStatus, String errorCode, String endpoint, String requestId,
                                   String finapiMessage) {
        super("finAPI rejected the request", httpStatus, errorCode, endpoint, requestId, finapiMessage, null, null);
    }
}
