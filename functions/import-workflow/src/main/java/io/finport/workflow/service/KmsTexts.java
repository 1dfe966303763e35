package io.finport.workflow.service;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Short texts sealed with the service's KMS key and bound to an encryption context, so a ciphertext copied to
 * another item does not open there. Ciphertexts are Base64 for DynamoDB string attributes.
 */
final class KmsTexts {
    private final Supplier<KmsClient> kms;
    private final String keyId;

    KmsTexts(Supplier<KmsClient> kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    String encrypt(String text, Map<String, String> context) {
        var response = kms.get()
                .encrypt(b -> b.keyId(keyId)
                        .plaintext(SdkBytes.fromString(text, StandardCharsets.UTF_8))
                        .encryptionContext(context));
        return Base64.getEncoder().encodeToString(response.ciphertextBlob().asByteArray());
    }

    String decrypt(String ciphertext, Map<String, String> context) {
        var response = kms.get()
                .decrypt(b -> b.keyId(keyId)
                        .ciphertextBlob(
                                SdkBytes.fromByteArray(Base64.getDecoder().decode(ciphertext)))
                        .encryptionContext(context));
        return response.plaintext().asString(StandardCharsets.UTF_8);
    }
}
