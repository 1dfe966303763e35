package io.finport.domain;

import java.util.Locale;
import java.util.Optional;

/** What the workflow was started for: a new connection, an update we trigger, or tracking an update already running. */
public enum ImportType {
    IMPORT,
    UPDATE,
    TRACK;

    /** Case-insensitive parse for input validation; empty for null, blank or unknown values. */
    public static Optional<ImportType> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
