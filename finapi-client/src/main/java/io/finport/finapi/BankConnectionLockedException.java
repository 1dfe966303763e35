package io.finport.finapi;

/**
 * HTTP 423 on a bank connection: it is already being imported or updated (possibly by finAPI's batch update). Not a
 * failure: callers join the running update and poll its status.
 */
public class BankConnectionLockedException extends FinapiException {

    private static final long serialVersionUID = 1L;

    public BankConnectionLockedException(
            int httpStatus, String errorCode, String endpoint, String requestId, String finapiMessage) {
        super(
                "finAPI bank connection is locked by a running import or update",
                httpStatus,
                errorCode,
                endpoint,
                requestId,
                finapiMessage,
                null,
                null);
    }
}
