package io.finport.domain;

/**
 * Per-account part of a {@link Classification}.
 *
 * @param rawStatus        the status string finAPI sent (kept so UNKNOWN values can be investigated); may be null
 * @param bankingInterface the interface the status was taken from; null when it came from the legacy field
 */
public record AccountResult(long accountId, AccountStatus status, String rawStatus, String bankingInterface) {}
