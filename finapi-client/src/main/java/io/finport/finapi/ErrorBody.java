package io.finport.finapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The interesting parts of a finAPI error body. Handles the Access shape
 * ({@code {"errors":[{"message","code","multiStepAuthentication":{"status"}}]}}), the OAuth shape
 * ({@code {"error","error_description"}}) and anything else (HTML from a proxy, empty body) without throwing.
 */
record ErrorBody(String code, String message, String multiStepAuthenticationStatus) {

    static final ErrorBody NONE = new ErrorBody(null, null, null);

    static ErrorBody parse(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (Exception notJson) {
            return NONE;
        }
        if (root == null || !root.isObject()) {
            return NONE;
        }
        JsonNode first = root.path("errors").path(0);
        if (first.isObject()) {
            return new ErrorBody(text(first.get("code")), text(first.get("message")),
                    text(first.path("multiStepAuthentication").get("status")));
        }
        return new ErrorBody(text(root.get("error")), text(root.get("error_description")), null);
    }

    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
