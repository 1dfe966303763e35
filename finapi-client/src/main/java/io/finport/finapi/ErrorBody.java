package io.finport.finapi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The interesting parts of a finAPI error body, whichever of finAPI's shapes it has:
 * <ul>
 *   <li>Access V2 {@code ErrorMessage}: {@code {"errors":[{"message","code","type","multiStepAuthentication":{"status"}}]}};</li>
 *   <li>Web Form 2.0 {@code Error}: {@code {"code","description","timestamp","endpoint"}};</li>
 *   <li>Web Form 2.0 {@code ValidationError} (400): {@code {"errors":[{"field","message"}],"timestamp","endpoint"}},
 *       which has no code: {@link #field()} names the rejected field instead;</li>
 *   <li>OAuth: {@code {"error","error_description"}}.</li>
 * </ul>
 * Anything else (HTML from a proxy, empty body) gives {@link #NONE}; parsing never throws.
 */
record ErrorBody(String code, String message, String type, String field, String multiStepAuthenticationStatus) {

    static final ErrorBody NONE = new ErrorBody(null, null, null, null, null);

    static ErrorBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        JsonNode root;
        try {
            root = JsonTrees.read(body);
        } catch (Exception notJson) {
            return NONE;
        }
        if (root == null || !root.isObject()) {
            return NONE;
        }
        if (text(root.get("code")) != null) {
            // Web Form 2.0 Error
            return new ErrorBody(text(root.get("code")), text(root.get("description")), null, null, null);
        }
        JsonNode first = root.path("errors").path(0);
        if (first.isObject()) {
            return new ErrorBody(
                    text(first.get("code")),
                    text(first.get("message")),
                    text(first.get("type")),
                    text(first.get("field")),
                    text(first.path("multiStepAuthentication").get("status")));
        }
        return new ErrorBody(text(root.get("error")), text(root.get("error_description")), null, null, null);
    }

    private static String text(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }
}
