package io.finport.workflow.store;

import java.time.Instant;

/** The finAPI user we created for a caller's user reference; the password is KMS ciphertext (base64). */
public record FinapiUserItem(String userReference, String finapiUserId, String passwordCiphertext, Instant createdAt) {
    @Override
    public String toString() {
        return "FinapiUserItem[userReference=" + userReference + ", finapiUserId=" + finapiUserId + "]";
    }
}
