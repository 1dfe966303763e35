package io.finport.domain;

/** Non-fatal findings reported next to the {@link Outcome}; public contract like the outcome itself. */
public enum Warning {
    /** At least one account is UPDATED_FIXED: finAPI inserted an adjusting entry ("Zwischensaldo"). */
    BALANCE_ADJUSTED,
    /** At least one account is DEPRECATED: the bank no longer reports it. */
    ACCOUNT_DEPRECATED,
    /** Categorization was awaited but had not finished when the outcome was decided. */
    CATEGORIZATION_PENDING,
    /** finAPI returned a status we do not know, or one it documents as impossible for this import type. */
    UNEXPECTED_STATUS
}
