package io.finport.workflow.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.finapi.PsuMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Keeps the end user's device details (PSU metadata) for the few seconds between {@code POST /imports} and the
 * update call: sealed with the service's KMS key, bound to the import id as encryption context (a copied ciphertext
 * does not open for another import), opened once by the Start step and deleted right after the update call.
 * Execution input and output never carry them; the API function may only encrypt.
 */
public class PsuVault {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Supplier<KmsClient> kms;
    private final String keyId;

    public PsuVault(Supplier<KmsClient> kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    public String seal(PsuMetadata psu, String importId) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("ipAddress", psu.ipAddress());
        json.put("userAgent", psu.userAgent());
        json.put("deviceOs", psu.deviceOs());
        var response = kms.get().encrypt(b -> b.keyId(keyId)
                .plaintext(SdkBytes.fromString(json.toString(), StandardCharsets.UTF_8))
                .encryptionContext(context(importId)));
        return Base64.getEncoder().encodeToString(response.ciphertextBlob().asByteArray());
    }

    public PsuMetadata open(String sealed, String importId) {
        var response = kms.get().decrypt(b -> b.keyId(keyId)
                .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(sealed)))
                .encryptionContext(context(importId)));
        try {
            var json = MAPPER.readTree(response.plaintext().asUtf8String());
            return new PsuMetadata(json.path("ipAddress").textValue(), json.path("userAgent").textValue(),
                    json.path("deviceOs").textValue());
        } catch (Exception e) {
            throw new IllegalStateException("sealed PSU data is not readable");
        }
    }

    private static Map<String, String> context(String importId) {
        return Map.of("importId", importId, "purpose", "psu");
    }
}
