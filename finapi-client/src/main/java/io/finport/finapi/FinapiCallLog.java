package io.finport.finapi;

import java.lang.System.Logger.Level;

/**
 * Where the client reports each HTTP exchange with finAPI: method, path template (ids replaced by {id}), status (or
 * {@code timeout}/{@code io_error}), duration and the X-Request-Id it sent, which finAPI's support can trace. Never a
 * body, a query value or a token. Called on the thread that made the call.
 */
@FunctionalInterface
public interface FinapiCallLog {
    void exchanged(String method, String pathTemplate, String status, long durationMillis, String requestId);

    /** The client's own default: {@link System.Logger} at DEBUG (for use outside the workflow's JSON log). */
    FinapiCallLog SYSTEM_LOGGER = (method, pathTemplate, status, durationMillis, requestId) -> {
        System.Logger log = System.getLogger(FinapiClient.class.getName());
        if (log.isLoggable(Level.DEBUG)) {
            log.log(
                    Level.DEBUG,
                    "finapi_call method=" + method + " path=" + pathTemplate + " status=" + status + " durationMs="
                            + durationMillis + " requestId=" + requestId);
        }
    };
}
