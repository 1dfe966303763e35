package io.finport.sandbox;

/**
 * One finAPI request the sandbox answered (admin calls are not recorded).
 *
 * @param path       raw path without query string
 * @param template   the endpoint template, e.g. {@code /api/v2/bankConnections/{id}}; null for unknown paths
 * @param status     HTTP status sent; 0 when a {@code drop} fault closed the connection without an answer
 * @param scenarioId the scenario whose entities the request touched (or whose fault hit it), else null
 * @param at         when the answer was sent, V2 timestamp format
 */
public record RecordedRequest(
    String method, String path, String template, int status, String requestId, String scenarioId, String at) {}
