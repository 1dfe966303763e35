package io.finport.workflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.finport.domain.ImportType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImportRequestTest {

    static Stream<Arguments> validBodies() {
        return Stream.of(
                Arguments.of(
                        "{\"type\":\"IMPORT\",\"userReference\":\"user-4711\"}",
                        new ImportRequest(ImportType.IMPORT, "user-4711", null, null, null, false)),
                Arguments.of(
                        "{\"type\":\"IMPORT\",\"userReference\":\"u.1_x-Y\",\"bankId\":277672,\"bankingInterface\":\"FINTS_SERVER\"}",
                        new ImportRequest(ImportType.IMPORT, "u.1_x-Y", null, 277672L, "FINTS_SERVER", false)),
                Arguments.of(
                        "{\"type\":\"UPDATE\",\"userReference\":\"user-4711\",\"bankConnectionId\":100001,\"bankingInterface\":\"XS2A\",\"importNewAccounts\":true}",
                        new ImportRequest(ImportType.UPDATE, "user-4711", 100001L, null, "XS2A", true)),
                Arguments.of(
                        "{\"type\":\"UPDATE\",\"userReference\":\"user-4711\",\"bankConnectionId\":9007199254740991}",
                        new ImportRequest(ImportType.UPDATE, "user-4711", 9_007_199_254_740_991L, null, null, false)),
                Arguments.of(
                        "{\"type\":\"TRACK\",\"userReference\":\"user-4711\",\"bankConnectionId\":1,\"bankingInterface\":\"WEB_SCRAPER\",\"importNewAccounts\":false}",
                        new ImportRequest(ImportType.TRACK, "user-4711", 1L, null, "WEB_SCRAPER", false)),
                Arguments.of(
                        "{\"type\":\"TRACK\",\"userReference\":\"" + "a".repeat(64)
                                + "\",\"bankConnectionId\":5,\"bankId\":null,\"bankingInterface\":null,\"importNewAccounts\":null}",
                        new ImportRequest(ImportType.TRACK, "a".repeat(64), 5L, null, null, false)));
    }

    @ParameterizedTest
    @MethodSource("validBodies")
    void parse_whenBodyValid_returnsRequest(String body, ImportRequest expected) {
        assertThat(ImportRequest.parse(body)).isEqualTo(expected);
    }

    static Stream<Arguments> invalidBodies() {
        String update = "\"type\":\"UPDATE\",\"userReference\":\"user-4711\"";
        String imp = "\"type\":\"IMPORT\",\"userReference\":\"user-4711\"";
        return Stream.of(
                // body shape
                Arguments.of(null, 400, "MISSING_BODY", "body"),
                Arguments.of("  ", 400, "MISSING_BODY", "body"),
                Arguments.of("{\"type\":", 400, "INVALID_JSON", "body"),
                Arguments.of("not json", 400, "INVALID_JSON", "body"),
                Arguments.of("[{" + imp + "}]", 400, "INVALID_JSON", "body"),
                Arguments.of("\"IMPORT\"", 400, "INVALID_JSON", "body"),
                Arguments.of("42", 400, "INVALID_JSON", "body"),
                Arguments.of("null", 400, "INVALID_JSON", "body"),
                // type
                Arguments.of("{\"userReference\":\"user-4711\"}", 400, "MISSING_FIELD", "type"),
                Arguments.of("{\"type\":null,\"userReference\":\"user-4711\"}", 400, "MISSING_FIELD", "type"),
                Arguments.of("{\"type\":\"DELETE\",\"userReference\":\"user-4711\"}", 400, "INVALID_FIELD", "type"),
                Arguments.of("{\"type\":1,\"userReference\":\"user-4711\"}", 400, "INVALID_FIELD", "type"),
                Arguments.of("{\"type\":\"\",\"userReference\":\"user-4711\"}", 400, "INVALID_FIELD", "type"),
                // userReference
                Arguments.of("{\"type\":\"IMPORT\"}", 400, "MISSING_FIELD", "userReference"),
                Arguments.of("{\"type\":\"IMPORT\",\"userReference\":\"\"}", 400, "INVALID_FIELD", "userReference"),
                Arguments.of(
                        "{\"type\":\"IMPORT\",\"userReference\":\"max@example.com\"}",
                        400,
                        "INVALID_FIELD",
                        "userReference"),
                Arguments.of(
                        "{\"type\":\"IMPORT\",\"userReference\":\"Max Mustermann\"}",
                        400,
                        "INVALID_FIELD",
                        "userReference"),
                Arguments.of(
                        "{\"type\":\"IMPORT\",\"userReference\":\"" + "a".repeat(65) + "\"}",
                        400,
                        "INVALID_FIELD",
                        "userReference"),
                Arguments.of("{\"type\":\"IMPORT\",\"userReference\":4711}", 400, "INVALID_FIELD", "userReference"),
                // bankConnectionId required for UPDATE/TRACK, forbidden for IMPORT
                Arguments.of("{" + update + "}", 400, "MISSING_FIELD", "bankConnectionId"),
                Arguments.of(
                        "{\"type\":\"TRACK\",\"userReference\":\"user-4711\"}",
                        400,
                        "MISSING_FIELD",
                        "bankConnectionId"),
                Arguments.of("{" + imp + ",\"bankConnectionId\":100001}", 400, "INVALID_FIELD", "bankConnectionId"),
                // positive integer ids
                Arguments.of(
                        "{" + update + ",\"bankConnectionId\":\"100001\"}", 400, "INVALID_FIELD", "bankConnectionId"),
                Arguments.of("{" + update + ",\"bankConnectionId\":0}", 400, "INVALID_FIELD", "bankConnectionId"),
                Arguments.of("{" + update + ",\"bankConnectionId\":-1}", 400, "INVALID_FIELD", "bankConnectionId"),
                Arguments.of("{" + update + ",\"bankConnectionId\":1.5}", 400, "INVALID_FIELD", "bankConnectionId"),
                Arguments.of("{" + update + ",\"bankConnectionId\":1.0}", 400, "INVALID_FIELD", "bankConnectionId"),
                Arguments.of("{" + update + ",\"bankConnectionId\":1e3}", 400, "INVALID_FIELD", "bankConnectionId"),
                Arguments.of(
                        "{" + update + ",\"bankConnectionId\":9007199254740992}",
                        400,
                        "INVALID_FIELD",
                        "bankConnectionId"),
                Arguments.of(
                        "{" + update + ",\"bankConnectionId\":18446744073709551616}",
                        400,
                        "INVALID_FIELD",
                        "bankConnectionId"),
                Arguments.of("{" + update + ",\"bankConnectionId\":true}", 400, "INVALID_FIELD", "bankConnectionId"),
                Arguments.of("{" + update + ",\"bankConnectionId\":[1]}", 400, "INVALID_FIELD", "bankConnectionId"),
                Arguments.of("{" + imp + ",\"bankId\":\"277672\"}", 400, "INVALID_FIELD", "bankId"),
                Arguments.of("{" + imp + ",\"bankId\":0}", 400, "INVALID_FIELD", "bankId"),
                // bankId only for IMPORT
                Arguments.of(
                        "{" + update + ",\"bankConnectionId\":1,\"bankId\":277672}", 400, "INVALID_FIELD", "bankId"),
                Arguments.of(
                        "{\"type\":\"TRACK\",\"userReference\":\"u\",\"bankConnectionId\":1,\"bankId\":2}",
                        400,
                        "INVALID_FIELD",
                        "bankId"),
                // bankingInterface enum
                Arguments.of("{" + imp + ",\"bankingInterface\":\"HBCI\"}", 400, "INVALID_FIELD", "bankingInterface"),
                Arguments.of("{" + imp + ",\"bankingInterface\":\"xs2a\"}", 400, "INVALID_FIELD", "bankingInterface"),
                Arguments.of("{" + imp + ",\"bankingInterface\":1}", 400, "INVALID_FIELD", "bankingInterface"),
                // importNewAccounts boolean and only for UPDATE
                Arguments.of(
                        "{" + update + ",\"bankConnectionId\":1,\"importNewAccounts\":\"true\"}",
                        400,
                        "INVALID_FIELD",
                        "importNewAccounts"),
                Arguments.of(
                        "{" + update + ",\"bankConnectionId\":1,\"importNewAccounts\":1}",
                        400,
                        "INVALID_FIELD",
                        "importNewAccounts"),
                Arguments.of("{" + imp + ",\"importNewAccounts\":true}", 400, "INVALID_FIELD", "importNewAccounts"),
                Arguments.of(
                        "{\"type\":\"TRACK\",\"userReference\":\"u\",\"bankConnectionId\":1,\"importNewAccounts\":true}",
                        400,
                        "INVALID_FIELD",
                        "importNewAccounts"),
                // unknown fields
                Arguments.of("{" + imp + ",\"iban\":\"DE89370400440532013000\"}", 400, "UNKNOWN_FIELD", "iban"),
                Arguments.of("{" + imp + ",\"BankId\":1}", 400, "UNKNOWN_FIELD", "BankId"),
                Arguments.of("{" + imp + ",\"max@example.com\":1}", 400, "UNKNOWN_FIELD", "(unnamed field)"),
                Arguments.of("{" + imp + ",\"<script>\":1}", 400, "UNKNOWN_FIELD", "(unnamed field)"),
                Arguments.of("{" + imp + ",\"" + "f".repeat(41) + "\":1}", 400, "UNKNOWN_FIELD", "(unnamed field)"),
                // size
                Arguments.of(
                        "{" + imp + ",\"x\":\"" + "a".repeat(ImportRequest.MAX_BODY_BYTES) + "\"}",
                        413,
                        "BODY_TOO_LARGE",
                        "body"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void parse_whenBodyInvalid_throwsApiExceptionNamingTheField(String body, int status, String code, String field) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> ImportRequest.parse(body));

        assertThat(e).as("rejected: %s", body).isNotNull();
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.field()).isEqualTo(field);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"IMPORT\",\"userReference\":\"max@example.com\"}",
                "{\"type\":\"IMPORT\",\"userReference\":\"u\",\"max@example.com\":\"DE89370400440532013000\"}",
                "{\"type\":\"UPDATE\",\"userReference\":\"u\",\"bankConnectionId\":\"max@example.com\"}",
                "{\"type\":\"max@example.com\",\"userReference\":\"u\"}"
            })
    void parse_whenRejected_neverEchoesTheValue(String body) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> ImportRequest.parse(body));

        assertThat(e.getMessage()).doesNotContain("max@example.com").doesNotContain("DE89");
        assertThat(e.field()).doesNotContain("max@example.com");
    }

    @Test
    void parse_whenBodyExactlyAtLimit_isNotRejectedForSize() {
        String prefix = "{\"type\":\"IMPORT\",\"userReference\":\"u\"";
        String body = prefix + " ".repeat(ImportRequest.MAX_BODY_BYTES - prefix.length() - 1) + "}";

        assertThat(body.length()).isEqualTo(ImportRequest.MAX_BODY_BYTES);
        assertThat(ImportRequest.parse(body).userReference()).isEqualTo("u");
    }

    @Test
    void parse_whenBodyTooLargeInUtf8Bytes_is413() {
        // 6,000 three-byte characters: 18,000 bytes but fewer than 16,384 chars.
        String body = "{\"type\":\"IMPORT\",\"userReference\":\"u\",\"x\":\"" + "€".repeat(6000) + "\"}";

        assertThat(catchThrowableOfType(ApiException.class, () -> ImportRequest.parse(body))
                        .status())
                .isEqualTo(413);
    }

    @Test
    void fingerprint_whenFieldOrderAndNullsDiffer_isStable() {
        ImportRequest a = ImportRequest.parse(
                "{\"type\":\"UPDATE\",\"userReference\":\"u\",\"bankConnectionId\":1,\"bankingInterface\":\"XS2A\"}");
        ImportRequest b = ImportRequest.parse(
                "{\"bankingInterface\":\"XS2A\",\"bankConnectionId\":1,\"importNewAccounts\":false,\"userReference\":\"u\",\"type\":\"UPDATE\",\"bankId\":null}");

        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(32).matches("[0-9a-f]{32}");
        assertThat(a.fingerprint()).isEqualTo(a.fingerprint());
    }

    @Test
    void fingerprint_whenAnyFieldChanges_changes() {
        ImportRequest base = new ImportRequest(ImportType.UPDATE, "u", 1L, null, "XS2A", false);
        List<ImportRequest> variants = List.of(
                new ImportRequest(ImportType.TRACK, "u", 1L, null, "XS2A", false),
                new ImportRequest(ImportType.UPDATE, "v", 1L, null, "XS2A", false),
                new ImportRequest(ImportType.UPDATE, "u", 2L, null, "XS2A", false),
                new ImportRequest(ImportType.UPDATE, "u", 1L, 1L, "XS2A", false),
                new ImportRequest(ImportType.UPDATE, "u", 1L, null, "FINTS_SERVER", false),
                new ImportRequest(ImportType.UPDATE, "u", 1L, null, null, false),
                new ImportRequest(ImportType.UPDATE, "u", 1L, null, "XS2A", true));

        assertThat(variants)
                .extracting(ImportRequest::fingerprint)
                .doesNotContain(base.fingerprint())
                .doesNotHaveDuplicates();
    }

    @Test
    void parse_whenAllowedInterfacesGiven_keepsThemAndFingerprintDiffers() {
        ImportRequest plain = ImportRequest.parse("{\"type\":\"IMPORT\",\"userReference\":\"u\"}");
        ImportRequest restricted = ImportRequest.parse(
                "{\"type\":\"IMPORT\",\"userReference\":\"u\",\"allowedInterfaces\":[\"XS2A\",\"FINTS_SERVER\"]}");

        assertThat(restricted.allowedInterfaces()).containsExactly("XS2A", "FINTS_SERVER");
        assertThat(restricted.effectiveInterfaces()).containsExactly("XS2A", "FINTS_SERVER");
        assertThat(plain.effectiveInterfaces()).isNull();
        assertThat(restricted.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(plain.fingerprint())
                .isEqualTo(new ImportRequest(ImportType.IMPORT, "u", null, null, null, false).fingerprint());
    }

    @Test
    void parse_whenOnlyBankingInterfaceGiven_effectiveInterfacesIsThatOne() {
        ImportRequest r =
                ImportRequest.parse("{\"type\":\"IMPORT\",\"userReference\":\"u\",\"bankingInterface\":\"XS2A\"}");

        assertThat(r.effectiveInterfaces()).containsExactly("XS2A");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[\"HBCI\"]", "[\"XS2A\",\"XS2A\"]", "\"XS2A\"", "[1]"})
    void parse_whenAllowedInterfacesInvalid_is400NamingTheField(String value) {
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> ImportRequest.parse(
                        "{\"type\":\"IMPORT\",\"userReference\":\"u\",\"allowedInterfaces\":" + value + "}"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("allowedInterfaces");
    }

    @Test
    void parse_whenBankingInterfaceOutsideAllowedInterfaces_is400() {
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> ImportRequest.parse(
                        "{\"type\":\"IMPORT\",\"userReference\":\"u\",\"bankingInterface\":\"XS2A\",\"allowedInterfaces\":[\"FINTS_SERVER\"]}"));

        assertThat(e.field()).isEqualTo("bankingInterface");
    }

    private static final String UPDATE = "{\"type\":\"UPDATE\",\"userReference\":\"u\",\"bankConnectionId\":1";

    @Test
    void parse_whenPsuGiven_keepsIt_butNotInTheFingerprint() {
        ImportRequest with = ImportRequest.parse(
                UPDATE
                        + ",\"psu\":{\"ipAddress\":\"203.0.113.7\",\"userAgent\":\"Mozilla/5.0\",\"deviceOs\":\"Android 14\"}}");
        ImportRequest without = ImportRequest.parse(UPDATE + "}");

        assertThat(with.psu().ipAddress()).isEqualTo("203.0.113.7");
        assertThat(with.psu().userAgent()).isEqualTo("Mozilla/5.0");
        assertThat(with.psu().deviceOs()).isEqualTo("Android 14");
        assertThat(with.fingerprint()).isEqualTo(without.fingerprint());
        assertThat(with.toString()).doesNotContain("203.0.113.7");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"ipAddress\":\"not an ip\"}",
                "{\"ipAddress\":7}",
                "\"203.0.113.7\"",
                "{\"ipAddress\":\"203.0.113.7\",\"userAgent\":\"\\u0007bell\"}",
                "{\"ipAddress\":\"203.0.113.7\",\"cookie\":\"x\"}"
            })
    void parse_whenPsuInvalid_is400NamingAPsuFieldWithoutEchoingTheValue(String psu) {
        ApiException e =
                catchThrowableOfType(ApiException.class, () -> ImportRequest.parse(UPDATE + ",\"psu\":" + psu + "}"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).startsWith("psu");
        assertThat(e.getMessage()).doesNotContain("not an ip").doesNotContain("bell");
    }

    @Test
    void parse_whenPsuOnImport_is400() {
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> ImportRequest.parse(
                        "{\"type\":\"IMPORT\",\"userReference\":\"u\",\"psu\":{\"ipAddress\":\"203.0.113.7\"}}"));

        assertThat(e.field()).isEqualTo("psu");
    }
}
