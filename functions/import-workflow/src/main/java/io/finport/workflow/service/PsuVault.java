package io.finport.workflow.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.finapi.JsonTrees;
import io.finport.finapi.PsuMetadata;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Keeps the end user's device details (PSU metadata) for the few seconds between {@code POST /imports} and the
 * update call: sealed with the service's KMS key, bound to the import id as encryption context (a copied ciphertext
 * does not open for another import), opened once by the Start step and deleted right after the update call.
 * Execution input and output never carry them; the API function may only encrypt.
 */
public class PsuVault {
    private final KmsTexts texts;

    public PsuVault(Supplier<KmsClient> kms, String keyId) {
        this.texts = new KmsTexts(kms, keyId);
    }

    public String seal(PsuMetadata psu, String importId) {
        ObjectNode json = JsonTrees.NODES.objectNode();
        json.put("ipAddress", psu.ipAddress());
        json.put("userAgent", psu.userAgent());
        json.put("deviceOs", psu.deviceOs());
        return texts.encrypt(JsonTrees.writeString(json), context(importId));
    }

    public PsuMetadata open(String sealed, String importId) {
        String plain = texts.decrypt(sealed, context(importId));
        try {
            var json = JsonTrees.read(plain);
            return new PsuMetadata(
                    json.path("ipAddress").textValue(),
                    json.path("userAgent").textValue(),
                    json.path("deviceOs").textValue());
        } catch (Exception e) {
            throw new IllegalStateException("sealed PSU data is not readable");
        }
    }

    private static Map<String, String> context(String importId) {
        return Map.of("importId", importId, "purpose", "psu");
    }
}
