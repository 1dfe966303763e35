package io.finport.workflow.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Encrypts finAPI user passwords with a KMS key before they are stored. The user reference is bound as encryption
 * context, so a ciphertext copied to another user's item does not decrypt.
 */
public class PasswordCipher {
    private final Supplier<KmsClient> kms;
    private final String keyId;

    public PasswordCipher(Supplier<KmsClient> kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    public String encrypt(String password, String userReference) {
        var response = kms.get().encrypt(b -> b.keyId(keyId)
                .plaintext(SdkBytes.fromString(password, StandardCharsets.UTF_8))
                .encryptionContext(Map.of("userReference", userReference)));
        return Base64.getEncoder().encodeToString(response.ciphertextBlob().asByteArray());
    }

    public String decrypt(String ciphertext, String userReference) {
        var response = kms.get().decrypt(b -> b.keyId(keyId)
                .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext)))
                .encryptionContext(Map.of("userReference", userReference)));
        return response.plaintext().asString(StandardCharsets.UTF_8);
    }
}
