package io.finport.bench;

/**
 * One simulated finAPI import/update.
 *
 * @param durationSeconds time from the import call until finAPI switches updateStatus to READY
 */
record SimulatedImport(int sequence, int bankId, int connectionId, double durationSeconds) {}
