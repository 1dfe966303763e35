package io.finport.finapi;

/** {@code UpdateResult.result}. */
public enum UpdateResultCode {
    OK,
    BANK_SERVER_REJECTION,
    INTERNAL_SERVER_ERROR,
    UNKNOWN;

    /** Returns the matching constant, or {@link #UNKNOWN} for null or unrecognised values. */
    public static UpdateResultCode parse(String raw) {
        return EnumParsing.parse(UpdateResultCode.class, raw, UNKNOWN);
    }
}
