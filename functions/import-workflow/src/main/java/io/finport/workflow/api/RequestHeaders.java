package io.finport.workflow.api;

import io.finport.workflow.api.ImportApi.ApiRequest;
import java.util.Locale;
import java.util.regex.Pattern;

/** The header rules every POST route shares (/imports, /refreshes): JSON bodies only, and a well-formed Idempotency-Key. */
public final class RequestHeaders {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private RequestHeaders() {}

    /** Refuses a body declared as anything but application/json (415); a missing Content-Type is accepted. */
    public static void requireJson(ApiRequest request) {
        String contentType = request.headers().get("content-type");
        if (contentType != null
                && !contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", "must be application/json");
        }
    }

    /** The Idempotency-Key header, or null when absent; a malformed key is a 400 that never echoes its value. */
    public static String idempotencyKey(ApiRequest request) {
        String key = request.headers().get("idempotency-key");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new ApiException(
                    400, "INVALID_HEADER", "Idempotency-Key", "must be 1-64 characters of A-Z a-z 0-9 _ -");
        }
        return key;
    }
}
