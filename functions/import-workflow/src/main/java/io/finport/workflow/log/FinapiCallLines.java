package io.finport.workflow.log;

import io.finport.finapi.FinapiCallLog;

/**
 * finAPI's exchanges in the functions' JSON log, at INFO, with the invocation's correlation (request id, import id):
 * method, path template, status, duration and the X-Request-Id sent to finAPI. No body, query value or token.
 */
public final class FinapiCallLines implements FinapiCallLog {
    private static final StructuredLog LOG = StructuredLog.of(FinapiCallLines.class);

    @Override
    public void exchanged(String method, String pathTemplate, String status, long durationMillis, String requestId) {
        LOG.info(
                "finapi call",
                "method",
                method,
                "path",
                pathTemplate,
                "status",
                status.chars().allMatch(Character::isDigit) ? (Object) Integer.valueOf(status) : status,
                "durationMs",
                durationMillis,
                "finapiRequestId",
                requestId);
    }
}
