package io.finport.workflow.service;

import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encrypts finAPI user passwords with a KMS key before they are stored. The caller and the user reference are bound
 * as encryption context, so a ciphertext copied to another caller's or reference's item does not decrypt. Items
 * stored before users were keyed by caller (callerId null) are bound to the user reference alone.
 */
public class PasswordCipher {
    private final KmsTexts texts;

    public PasswordCipher(Supplier<KmsClient> kms, String keyId) {
        this.texts = new KmsTexts(kms, keyId);
    }

    public String encrypt(String password, String callerId, String userReference) {
        return texts.encrypt(password, context(callerId, userReference));
    }

    public String decrypt(String ciphertext, String callerId, String userReference) {
        return texts.decrypt(ciphertext, context(callerId, userReference));
    }

    static Map<String, String> context(String callerId, String userReference) {
        return callerId == null
                ? Map.of("userReference", userReference)
                : Map.of("callerId", callerId, "userReference", userReference);
    }
}
