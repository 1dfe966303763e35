package io.finport.workflow.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encrypts finAPI user passwords with a KMS key before they are stored. The caller and the user reference are bound
 * as encryption context, so a ciphertext copied to another caller's or reference's item does not decrypt. Items
 * stored before users were keyed by caller (callerId null) are bound to the user reference alone.
 */
public class PasswordCipher {
    private final Supplier<KmsClient> kms;
    private final String keyId;

    public PasswordCipher(Supplier<KmsClient> kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    public String encrypt(String password, String callerId, String userReference) {
        var response = kms.get().encrypt(b -> b.keyId(keyId)
                .plaintext(SdkBytes.fromString(password, StandardCharsets.UTF_8))
                .encryptionContext(context(callerId, userReference)));
        return Base64.getEncoder().encodeToString(response.ciphertextBlob().asByteArray());
    }

    public String decrypt(String ciphertext, String callerId, String userReference) {
        var response = kms.get().decrypt(b -> b.keyId(keyId)
                .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext)))
                .encryptionContext(context(callerId, userReference)));
        return response.plaintext().asString(StandardCharsets.UTF_8);
    }

    static Map<String, String> context(String callerId, String userReference) {
        return callerId == null ? Map.of("userReference", userReference)
                : Map.of("callerId", callerId, "userReference", userReference);
    }
}
