package io.finport.domain;

/** The parts of a finAPI bank connection (and its interface) that decide the outcome. Results may be null. */
public record ConnectionSnapshot(
        String updateStatus,
        String categorizationStatus,
        boolean userActionRequired,
        UpdateResultSnapshot lastManualUpdate,
        UpdateResultSnapshot lastAutoUpdate) {}
