package io.finport.finapi;

/** {@code WebForm.status}. */
public enum WebFormStatus {
    NOT_YET_OPENED,
    IN_PROGRESS,
    COMPLETED,
    COMPLETED_WITH_ERROR,
    EXPIRED,
    ABORTED,
    UNKNOWN;

    /** Returns the matching constant, or {@link #UNKNOWN} for null or unrecognised values. */
    public static WebFormStatus parse(String raw) {
        return EnumParsing.parse(WebFormStatus.class, raw, UNKNOWN);
    }

    /** True once the form can no longer change. UNKNOWN is not final: callers keep polling within their bound. */
    public boolean isFinal() {
        return switch (this) {
            case COMPLETED, COMPLETED_WITH_ERROR, EXPIRED, ABORTED -> true;
            case NOT_YET_OPENED, IN_PROGRESS, UNKNOWN -> false;
        };
    }
}
