package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A parsed finAPI request. {@code json} is the body parsed as JSON (null when empty or not JSON; then
 * {@code invalidJson} tells which), {@code host} the Host header used to build web form URLs.
 */
record ApiRequest(
        Route route,
        String pathId,
        String method,
        String path,
        Map<String, List<String>> params,
        String authorization,
        String rawBody,
        JsonNode json,
        boolean invalidJson,
        String requestId,
        String host) {

    String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String endpoint() {
        return method + " " + path;
    }
}
