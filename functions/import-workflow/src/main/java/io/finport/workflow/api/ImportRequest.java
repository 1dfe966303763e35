package io.finport.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.domain.ImportType;
import io.finport.domain.SensitiveDataPatterns;
import io.finport.finapi.JsonTrees;
import io.finport.finapi.PsuMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /imports} body. Validation is strict (unknown fields are rejected) and errors name the
 * field but never echo the value, so nothing a caller sends is reflected into responses or logs.
 */
public record ImportRequest(
        ImportType type,
        String userReference,
        Long bankConnectionId,
        Long bankId,
        String bankingInterface,
        boolean importNewAccounts,
        List<String> allowedInterfaces,
        PsuMetadata psu) {

    public static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Pattern USER_REFERENCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> FIELDS = Set.of(
            "type",
            "userReference",
            "bankConnectionId",
            "bankId",
            "bankingInterface",
            "importNewAccounts",
            "allowedInterfaces",
            "psu");
    private static final Set<String> INTERFACES = Set.of("XS2A", "FINTS_SERVER", "WEB_SCRAPER");
    private static final long MAX_ID = 9_007_199_254_740_991L; // 2^53-1: ids beyond this do not survive JSON clients

    public ImportRequest {
        allowedInterfaces = allowedInterfaces == null ? null : List.copyOf(allowedInterfaces);
    }

    public ImportRequest(
            ImportType type,
            String userReference,
            Long bankConnectionId,
            Long bankId,
            String bankingInterface,
            boolean importNewAccounts) {
        this(type, userReference, bankConnectionId, bankId, bankingInterface, importNewAccounts, null, null);
    }

    public ImportRequest(
            ImportType type,
            String userReference,
            Long bankConnectionId,
            Long bankId,
            String bankingInterface,
            boolean importNewAccounts,
            List<String> allowedInterfaces) {
        this(
                type,
                userReference,
                bankConnectionId,
                bankId,
                bankingInterface,
                importNewAccounts,
                allowedInterfaces,
                null);
    }

    /**
     * The interfaces finAPI may use: {@code allowedInterfaces}, else {@code [bankingInterface]}, else null (all).
     * Sent as Web Form 2.0's {@code allowedInterfaces}.
     */
    public List<String> effectiveInterfaces() {
        return allowedInterfaces != null
                ? allowedInterfaces
                : bankingInterface == null ? null : List.of(bankingInterface);
    }

    public static ImportRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "MISSING_BODY", "body", "a JSON object is required");
        }
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new ApiException(413, "BODY_TOO_LARGE", "body", "must be at most " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = JsonTrees.readStrict(body);
        } catch (Exception e) {
            throw new ApiException(400, "INVALID_JSON", "body", "is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new ApiException(400, "INVALID_JSON", "body", "must be a JSON object");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ApiException(
                        400, "UNKNOWN_FIELD", safeFieldName(name), "is not a field of an import request");
            }
        }
        String typeText = requiredText(json, "type");
        ImportType type = ImportType.parse(typeText)
                .orElseThrow(
                        () -> new ApiException(400, "INVALID_FIELD", "type", "must be one of IMPORT, UPDATE, TRACK"));
        String userReference = requiredText(json, "userReference");
        if (!USER_REFERENCE.matcher(userReference).matches()) {
            throw new ApiException(
                    400,
                    "INVALID_FIELD",
                    "userReference",
                    "must be 1-64 characters of A-Z a-z 0-9 . _ - (an opaque id, not an email or name)");
        }
        Long bankConnectionId = optionalId(json, "bankConnectionId");
        Long bankId = optionalId(json, "bankId");
        String bankingInterface = null;
        if (json.has("bankingInterface") && !json.get("bankingInterface").isNull()) {
            bankingInterface = requiredText(json, "bankingInterface");
            if (!INTERFACES.contains(bankingInterface)) {
                throw new ApiException(
                        400, "INVALID_FIELD", "bankingInterface", "must be one of XS2A, FINTS_SERVER, WEB_SCRAPER");
            }
        }
        List<String> allowedInterfaces = allowedInterfaces(json);
        if (bankingInterface != null && allowedInterfaces != null && !allowedInterfaces.contains(bankingInterface)) {
            throw new ApiException(400, "INVALID_FIELD", "bankingInterface", "must be one of allowedInterfaces");
        }
        PsuMetadata psu = PsuInput.parse(json.get("psu"));
        if (psu != null && type != ImportType.UPDATE) {
            throw new ApiException(
                    400,
                    "INVALID_FIELD",
                    "psu",
                    "is only allowed for UPDATE (the web form collects it itself; TRACK calls nothing)");
        }
        boolean importNewAccounts = false;
        if (json.has("importNewAccounts") && !json.get("importNewAccounts").isNull()) {
            if (!json.get("importNewAccounts").isBoolean()) {
                throw new ApiException(400, "INVALID_FIELD", "importNewAccounts", "must be a boolean");
            }
            importNewAccounts = json.get("importNewAccounts").booleanValue();
        }
        switch (type) {
            case UPDATE, TRACK -> {
                if (bankConnectionId == null) {
                    throw new ApiException(400, "MISSING_FIELD", "bankConnectionId", "is required for " + type);
                }
                if (bankId != null) {
                    throw new ApiException(400, "INVALID_FIELD", "bankId", "is only allowed for IMPORT");
                }
                if (type == ImportType.TRACK && importNewAccounts) {
                    throw new ApiException(400, "INVALID_FIELD", "importNewAccounts", "is only allowed for UPDATE");
                }
            }
            case IMPORT -> {
                if (bankConnectionId != null) {
                    throw new ApiException(
                            400,
                            "INVALID_FIELD",
                            "bankConnectionId",
                            "is not allowed for IMPORT (finAPI creates the connection)");
                }
                if (importNewAccounts) {
                    throw new ApiException(400, "INVALID_FIELD", "importNewAccounts", "is only allowed for UPDATE");
                }
            }
        }
        return new ImportRequest(
                type,
                userReference,
                bankConnectionId,
                bankId,
                bankingInterface,
                importNewAccounts,
                allowedInterfaces,
                psu);
    }

    private static List<String> allowedInterfaces(JsonNode json) {
        JsonNode node = json.get("allowedInterfaces");
        if (node == null || node.isNull()) return null;
        if (!node.isArray() || node.isEmpty() || node.size() > INTERFACES.size()) {
            throw new ApiException(
                    400,
                    "INVALID_FIELD",
                    "allowedInterfaces",
                    "must be a non-empty array of XS2A, FINTS_SERVER, WEB_SCRAPER");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || !INTERFACES.contains(item.textValue()) || values.contains(item.textValue())) {
                throw new ApiException(
                        400,
                        "INVALID_FIELD",
                        "allowedInterfaces",
                        "must be distinct values of XS2A, FINTS_SERVER, WEB_SCRAPER");
            }
            values.add(item.textValue());
        }
        return values;
    }

    /**
     * Identifies the request's meaning, so a replayed Idempotency-Key with a different body is detected. The end
     * user's device ({@code psu}) is not part of it: a retry from another browser is the same request.
     */
    public String fingerprint() {
        String canonical = String.join(
                        "|",
                        type.name(),
                        userReference,
                        String.valueOf(bankConnectionId),
                        String.valueOf(bankId),
                        String.valueOf(bankingInterface),
                        String.valueOf(importNewAccounts))
                // Appended only when present, so fingerprints of requests without it stay as they were.
                + (allowedInterfaces == null ? "" : "|" + String.join(",", allowedInterfaces));
        return sha256(canonical).substring(0, 32);
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String requiredText(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            throw new ApiException(400, "MISSING_FIELD", field, "is required");
        }
        if (!node.isTextual()) {
            throw new ApiException(400, "INVALID_FIELD", field, "must be a string");
        }
        return node.textValue();
    }

    private static Long optionalId(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1 || node.longValue() > MAX_ID) {
            throw new ApiException(400, "INVALID_FIELD", field, "must be a positive integer");
        }
        return node.longValue();
    }

    /** Field names from the request are echoed only when they look like identifiers. */
    static String safeFieldName(String name) {
        return name.matches("[A-Za-z0-9_]{1,40}") && !SensitiveDataPatterns.containsIban(name)
                ? name
                : "(unnamed field)";
    }
}
