package io.finport.finapi;

/** {@code BankConnection.updateStatus}. finAPI may add values, so parsing never fails. */
public enum UpdateStatus {
    IN_PROGRESS,
    READY,
    UNKNOWN;

    /** Returns the matching constant, or {@link #UNKNOWN} for null or unrecognised values. */
    public static UpdateStatus parse(String raw) {
        return EnumParsing.parse(UpdateStatus.class, raw, UNKNOWN);
    }
}
