package io.finport.domain;

import java.util.Locale;

/** finAPI {@code AccountInterface.status}, plus UNKNOWN for anything finAPI may add later. */
public enum AccountStatus {
    UPDATED,
    UPDATED_FIXED,
    DOWNLOAD_IN_PROGRESS,
    DOWNLOAD_FAILED,
    DEPRECATED,
    UNKNOWN;

    /** Never throws: a new finAPI status must degrade to UNKNOWN (reported as a warning), not crash the workflow. */
    public static AccountStatus parse(String value) {
        if (value == null || value.isBlank()) {
            return UNKNOWN;
        }
        String normalized = value.trim().toUpperCase(Locale.ROOT);
        for (AccountStatus status : values()) {
            if (status != UNKNOWN && status.name().equals(normalized)) {
                return status;
            }
        }
        return UNKNOWN;
    }

    /** Data is up to date (possibly with an adjusting entry). */
    public boolean isUpdated() {
        return this == UPDATED || this == UPDATED_FIXED;
    }

    /**
     * Counts as a failed account once the connection is READY. DOWNLOAD_IN_PROGRESS after READY means finAPI gave up
     * on the account without saying so; UNKNOWN cannot be trusted to be up to date.
     */
    public boolean isFailed() {
        return this == DOWNLOAD_FAILED || this == DOWNLOAD_IN_PROGRESS || this == UNKNOWN;
    }
}
