package io.finport.finapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Builds the JSON bodies of finAPI's write operations from our request records, leaving out null fields. */
final class RequestBodies {

    ObjectNode createUser(String userId, String password) {
        ObjectNode body = JsonTrees.NODES.objectNode();
        put(body, "id", userId);
        put(body, "password", password);
        return body;
    }

    ObjectNode update(UpdateRequest request) {
        ObjectNode body = JsonTrees.NODES.objectNode();
        body.put("bankConnectionId", request.bankConnectionId());
        body.put("bankingInterface", request.bankingInterface());
        if (request.importNewAccounts() != null) {
            body.put("importNewAccounts", request.importNewAccounts());
        }
        return body;
    }

    ObjectNode webFormImport(WebFormImportRequest request) {
        ObjectNode body = JsonTrees.NODES.objectNode();
        if (request.bankId() != null) {
            body.putObject("bank").put("id", request.bankId());
        }
        putAll(body, "allowedInterfaces", request.allowedInterfaces());
        putAll(body, "accountTypes", request.accountTypes());
        if (request.maxDaysForDownload() != null) {
            body.put("maxDaysForDownload", request.maxDaysForDownload());
        }
        if (request.callbackUrl() != null) {
            body.putObject("callbacks").put("finalised", request.callbackUrl());
        }
        put(body, "redirectUrl", request.redirectUrl());
        return body;
    }

    ObjectNode backgroundUpdate(BackgroundUpdateRequest request) {
        ObjectNode body = JsonTrees.NODES.objectNode();
        body.put("bankConnectionId", request.bankConnectionId());
        put(body, "importNewAccountsMode", request.importNewAccountsMode());
        putAll(body, "allowedInterfaces", request.allowedInterfaces());
        if (request.callbackUrl() != null || request.webFormRequiredUrl() != null) {
            ObjectNode callbacks = body.putObject("callbacks");
            put(callbacks, "finalised", request.callbackUrl());
            put(callbacks, "webFormRequired", request.webFormRequiredUrl());
        }
        PsuMetadata psu = request.userMetadata();
        if (psu != null) {
            // finAPI requires all three once userMetadata is given; an unknown part is sent empty.
            body.putObject("userMetadata")
                    .put("ipAddress", orEmpty(psu.ipAddress()))
                    .put("deviceOs", orEmpty(psu.deviceOs()))
                    .put("userAgent", orEmpty(psu.userAgent()));
        }
        return body;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putAll(ObjectNode node, String field, List<String> values) {
        if (values != null) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }
}
