package io.finport.finapi;

/** {@code Task.status} of Web Form 2.0. */
public enum TaskStatus {
    NOT_YET_STARTED,
    IN_PROGRESS,
    WEB_FORM_REQUIRED,
    COMPLETED,
    COMPLETED_WITH_ERROR,
    UNKNOWN;

    /** Returns the matching constant, or {@link #UNKNOWN} for null or unrecognised values. */
    public static TaskStatus parse(String raw) {
        return EnumParsing.parse(TaskStatus.class, raw, UNKNOWN);
    }

    /** True once the task can no longer change; WEB_FORM_REQUIRED is final (the web form carries on). */
    public boolean isFinal() {
        return this == WEB_FORM_REQUIRED || this == COMPLETED || this == COMPLETED_WITH_ERROR;
    }
}
