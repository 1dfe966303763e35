package io.finport.domain;

import java.time.Instant;

/**
 * finAPI {@code UpdateResult}. {@code result} is OK, BANK_SERVER_REJECTION, INTERNAL_SERVER_ERROR or anything finAPI
 * adds later; {@code errorType} is BUSINESS or TECHNICAL. OK only means the bank login worked, not that accounts updated.
 */
public record UpdateResultSnapshot(String result, String errorType, Instant timestamp) {

    public boolean isOk() {
        return result != null && "OK".equalsIgnoreCase(result.trim());
    }
}
