package io.finport.workflow.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.finapi.JsonTrees;
import io.finport.workflow.api.ApiException;
import io.finport.workflow.api.ImportRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /refreshes} body: empty (or {@code {}}) refreshes all of the caller's known connections,
 * {@code {"userReferences": [...]}} only those of these end users. Strict like {@code POST /imports}: unknown fields
 * are rejected, values are never echoed.
 */
public record RefreshRequest(List<String> userReferences) {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_USER_REFERENCES = 1000;
    private static final Pattern USER_REFERENCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public RefreshRequest {
        userReferences = List.copyOf(userReferences);
    }

    public static RefreshRequest parse(String body) {
        if (body == null || body.isBlank()) return new RefreshRequest(List.of());
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ApiException(413, "BODY_TOO_LARGE", "body", "must be at most " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = JsonTrees.readStrict(body);
        } catch (Exception e) {
            throw new ApiException(400, "INVALID_JSON", "body", "is not valid JSON");
        }
        if (json == null || !json.isObject())
            throw new ApiException(400, "INVALID_JSON", "body", "must be a JSON object");
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            if (!names.next().equals("userReferences")) {
                throw new ApiException(400, "UNKNOWN_FIELD", "body", "may only hold userReferences");
            }
        }
        JsonNode list = json.get("userReferences");
        if (list == null || list.isNull()) return new RefreshRequest(List.of());
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_USER_REFERENCES) {
            throw new ApiException(
                    400,
                    "INVALID_FIELD",
                    "userReferences",
                    "must be a non-empty array of at most " + MAX_USER_REFERENCES + " user references");
        }
        TreeSet<String> references = new TreeSet<>();
        for (JsonNode node : list) {
            if (!node.isTextual() || !USER_REFERENCE.matcher(node.textValue()).matches()) {
                throw new ApiException(
                        400,
                        "INVALID_FIELD",
                        "userReferences",
                        "must hold strings of 1-64 characters of A-Z a-z 0-9 . _ -");
            }
            references.add(node.textValue());
        }
        return new RefreshRequest(new ArrayList<>(references));
    }

    /** Identifies the request's meaning (order and duplicates do not matter), to detect a reused Idempotency-Key. */
    public String fingerprint() {
        return ImportRequest.sha256("refresh|" + String.join(",", userReferences))
                .substring(0, 32);
    }
}
