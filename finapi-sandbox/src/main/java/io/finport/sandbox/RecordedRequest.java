package io.finport.sandbox;

/**
 * One finAPI request the sandbox answered (admin calls are not recorded).
 *
 * @param path             raw path without query string
 * @param template         the endpoint template, e.g. {@code /api/v2/bankConnections/{id}}; null for unknown paths
 * @param status           HTTP status sent; 0 when a {@code drop} fault closed the connection without an answer
 * @param scenarioId       the scenario whose entities the request touched (or whose fault hit it), else null
 * @param at               when the answer was sent, V2 timestamp format
 * @param userId           the finAPI user whose token made the request; null for client tokens and no token
 * @param bankConnectionId the connection the request names (update body, connection path), else null
 * @param userPresent      the request said the end user is present: PSU-IP-Address header (Access) or a
 *                         {@code userMetadata} body field (Web Form 2.0); the values themselves are not kept
 */
public record RecordedRequest(
        String method,
        String path,
        String template,
        int status,
        String requestId,
        String scenarioId,
        String at,
        String userId,
        Long bankConnectionId,
        boolean userPresent) {

    public RecordedRequest(
            String method,
            String path,
            String template,
            int status,
            String requestId,
            String scenarioId,
            String at,
            String userId,
            Long bankConnectionId) {
        this(method, path, template, status, requestId, scenarioId, at, userId, bankConnectionId, false);
    }

    public static final String UPDATE_TEMPLATE = "/api/v2/bankConnections/update";
    public static final String USERS_TEMPLATE = "/api/v2/users";

    /** A finAPI update call for this connection, answered or not (whoever's token made it). */
    public boolean isUpdateOf(long connectionId) {
        return "POST".equals(method)
                && UPDATE_TEMPLATE.equals(template)
                && Long.valueOf(connectionId).equals(bankConnectionId);
    }

    /** A finAPI user that was created (201 to POST /api/v2/users). */
    public boolean isUserCreated() {
        return "POST".equals(method) && USERS_TEMPLATE.equals(template) && status == 201;
    }

    /** A finAPI user that was deleted (200 to DELETE /api/v2/users). */
    public boolean isUserDeleted() {
        return "DELETE".equals(method) && USERS_TEMPLATE.equals(template) && status == 200;
    }
}
