package io.finport.finapi;

import java.util.Objects;

/**
 * Derives one X-Request-Id per physical HTTP request of a logical operation: {@code <base>#<n>}. The suffix lets
 * finAPI support and our logs tell a replay or token call apart from the first attempt. Not thread-safe: one
 * instance per operation call.
 */
final class RequestIdSequence {

    /** finAPI rejects longer X-Request-Id values. */
    static final int MAX_LENGTH = 255;

    private final String base;
    private int attempts;

    RequestIdSequence(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isEmpty() || requestId.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("requestId must have 1.." + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < requestId.length(); i++) {
            char c = requestId.charAt(i);
            // Visible ASCII only: it goes into a header and into exception messages.
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("requestId must contain visible ASCII characters only");
            }
        }
        this.base = requestId;
    }

    String next() {
        attempts++;
        String suffix = "#" + attempts;
        int keep = Math.min(base.length(), MAX_LENGTH - suffix.length());
        return base.substring(0, keep) + suffix;
    }
}
