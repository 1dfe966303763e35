package io.finport.domain;

/** Overall result of one import/update; public contract (API, DynamoDB, SNS attribute {@code outcome}). */
public enum Outcome {
    SUCCEEDED,
    PARTIALLY_FAILED,
    FAILED,
    USER_ACTION_REQUIRED,
    TIMED_OUT
}
