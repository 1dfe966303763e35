package io.finport.workflow.store;

import java.time.Instant;

/**
 * The finAPI user of one caller's user reference; the password is KMS ciphertext (base64).
 *
 * @param callerId the caller key it belongs to; null for an item written before users were keyed by caller
 *                 (its ciphertext is bound to the user reference alone)
 */
public record FinapiUserItem(
        String callerId, String userReference, String finapiUserId, String passwordCiphertext, Instant createdAt) {
    @Override
    public String toString() {
        return "FinapiUserItem[userReference=" + userReference + ", finapiUserId=" + finapiUserId + "]";
    }
}
