package io.finport.workflow.refresh;

/**
 * Why a refresh leaves a connection alone, decided before any finAPI call. The names are part of the refresh report
 * ({@code GET /refreshes/{id}} and the SNS message).
 */
public enum SkipReason {
    /** Another import holds the connection's lock (finAPI would answer 423, and one run per connection is our rule). */
    LOCKED,
    /** The last successful import ended within the refresh window. */
    REFRESHED_RECENTLY,
    /** PSD2 allows 4 unattended accesses per account and day: 4 unattended updates in the last 24 h. */
    UNATTENDED_LIMIT,
    /** The last outcome was USER_ACTION_REQUIRED and the user has not resolved it since: without the user it fails again. */
    USER_ACTION_REQUIRED,
    /** The XS2A consent has expired: only the user can renew it. */
    CONSENT_EXPIRED,
    /** The connection left our records between the manifest and its turn. */
    NO_LONGER_KNOWN
}
