package io.finport.finapi;

/** {@code BankConnection.categorizationStatus}. Only meaningful once the update status is READY. */
public enum CategorizationStatus {
    PENDING,
    IN_PROGRESS,
    READY,
    UNKNOWN;

    /** Returns the matching constant, or {@link #UNKNOWN} for null or unrecognised values. */
    public static CategorizationStatus parse(String raw) {
        return EnumParsing.parse(CategorizationStatus.class, raw, UNKNOWN);
    }
}
