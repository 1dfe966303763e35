package io.finport.domain;

/**
 * Where an import stands, as GET /imports/{id} shows it and DynamoDB stores it (public contract: the constant names
 * are the spelling).
 */
public enum ImportStatus {
    /** Recorded, the workflow has not started finAPI yet. */
    PENDING,
    /** A web form is open: the end user has to act. */
    WAITING_FOR_USER,
    /** finAPI runs the import or update (or its background update task). */
    IN_PROGRESS,
    /** The download is done; finAPI still categorizes the transactions. */
    CATEGORIZING,
    /** The outcome is recorded. */
    COMPLETED
}
