package io.finport.finapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the model records from finAPI's JSON trees by hand, field by field: what Jackson's data binding did for
 * them, without its introspection on a cold start. Unknown fields are ignored and a missing or null field is null
 * (an empty list for arrays); scalars are coerced as Jackson's defaults coerce them (a number for a text field, a
 * numeric text for a number). A value of the wrong shape (an object for a text, a text for an object) is a
 * {@link Mismatch}.
 */
final class ModelReader {

    /** A field's value has a shape its record cannot take. Carries no content of the body. */
    static final class Mismatch extends RuntimeException {
        Mismatch(String field) {
            super("field " + field + " has an unexpected type", null, false, false);
        }
    }

    private ModelReader() {}

    /** The record of {@code type} from {@code node}, which must be a JSON object. */
    static <T> T read(Class<T> type, JsonNode node) {
        Object value;
        if (type == BankConnection.class) value = bankConnection(node);
        else if (type == Account.class) value = account(node);
        else if (type == WebForm.class) value = webForm(node);
        else if (type == Task.class) value = task(node);
        else if (type == AccessToken.class) value = accessToken(node);
        else if (type == User.class) value = user(node);
        else throw new IllegalArgumentException("no reader for " + type.getSimpleName());
        return type.cast(value);
    }

    static BankConnection bankConnection(JsonNode n) {
        requireObject(n, "(root)");
        return new BankConnection(
                longValue(n, "id"),
                text(n, "name"),
                object(n, "bank", b -> new BankConnection.Bank(longValue(b, "id"), text(b, "name"))),
                text(n, "updateStatus"),
                text(n, "categorizationStatus"),
                list(n, "accountIds", ModelReader::longOf),
                list(n, "interfaces", (e, f) -> bankConnectionInterface(requireObject(e, f))));
    }

    private static BankConnectionInterface bankConnectionInterface(JsonNode n) {
        return new BankConnectionInterface(
                text(n, "bankingInterface"),
                object(n, "lastManualUpdate", ModelReader::updateResult),
                object(n, "lastAutoUpdate", ModelReader::updateResult),
                bool(n, "userActionRequired"),
                object(
                        n,
                        "aisConsent",
                        c -> new BankConnectionInterface.AisConsent(
                                text(c, "status"), text(c, "expiresAt"), bool(c, "supportsImportNewAccounts"))));
    }

    private static UpdateResult updateResult(JsonNode n) {
        return new UpdateResult(text(n, "result"), text(n, "errorMessage"), text(n, "errorType"), text(n, "timestamp"));
    }

    static Account account(JsonNode n) {
        requireObject(n, "(root)");
        return new Account(
                longValue(n, "id"),
                longValue(n, "bankConnectionId"),
                text(n, "accountName"),
                text(n, "iban"),
                text(n, "accountNumber"),
                text(n, "subAccountNumber"),
                text(n, "accountHolderName"),
                text(n, "accountCurrency"),
                text(n, "accountType"),
                decimal(n, "balance"),
                decimal(n, "overdraft"),
                decimal(n, "overdraftLimit"),
                decimal(n, "availableFunds"),
                bool(n, "isNew"),
                list(n, "interfaces", (e, f) -> {
                    requireObject(e, f);
                    return new AccountInterface(
                            text(e, "bankingInterface"),
                            text(e, "status"),
                            text(e, "lastSuccessfulUpdate"),
                            text(e, "lastUpdateAttempt"));
                }));
    }

    static WebForm webForm(JsonNode n) {
        requireObject(n, "(root)");
        return new WebForm(
                text(n, "id"),
                text(n, "url"),
                text(n, "createdAt"),
                text(n, "expiresAt"),
                text(n, "type"),
                text(n, "status"),
                object(
                        n,
                        "payload",
                        p -> new WebForm.Payload(
                                longValue(p, "bankConnectionId"), text(p, "errorCode"), text(p, "errorMessage"))));
    }

    static Task task(JsonNode n) {
        requireObject(n, "(root)");
        return new Task(
                text(n, "id"),
                text(n, "createdAt"),
                text(n, "type"),
                text(n, "status"),
                object(
                        n,
                        "payload",
                        p -> new Task.Payload(
                                longValue(p, "bankConnectionId"),
                                object(
                                        p,
                                        "webForm",
                                        w -> new Task.WebFormInfo(text(w, "id"), text(w, "url"), text(w, "status"))),
                                text(p, "errorCode"))));
    }

    static AccessToken accessToken(JsonNode n) {
        requireObject(n, "(root)");
        return new AccessToken(
                text(n, "access_token"),
                text(n, "token_type"),
                text(n, "refresh_token"),
                longValue(n, "expires_in"),
                text(n, "scope"));
    }

    static User user(JsonNode n) {
        requireObject(n, "(root)");
        return new User(text(n, "id"), text(n, "password"), text(n, "email"), bool(n, "isAutoUpdateEnabled"));
    }

    // ---- fields ----------------------------------------------------------------------------------------------

    private interface ElementReader<T> {
        T read(JsonNode element, String field);
    }

    private static JsonNode requireObject(JsonNode n, String field) {
        if (!n.isObject()) throw new Mismatch(field);
        return n;
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (absent(v)) return null;
        if (!v.isValueNode()) throw new Mismatch(field);
        return v.asText();
    }

    static Long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return absent(v) ? null : longOf(v, field);
    }

    private static Long longOf(JsonNode v, String field) {
        // A fraction is cut off, as Jackson's default (ACCEPT_FLOAT_AS_INT) does.
        if (v.isNumber() && v.canConvertToLong()) return v.longValue();
        return parsedText(v, field, Long::valueOf);
    }

    static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (absent(v)) return null;
        if (v.isNumber()) return v.decimalValue();
        return parsedText(v, field, BigDecimal::new);
    }

    /** A number given as text, as Jackson's default coercion accepts it. */
    private static <T> T parsedText(JsonNode v, String field, Function<String, T> parse) {
        if (!v.isTextual()) throw new Mismatch(field);
        try {
            return parse.apply(v.textValue().trim());
        } catch (NumberFormatException e) {
            throw new Mismatch(field);
        }
    }

    static Boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (absent(v)) return null;
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual() && ("true".equals(v.textValue()) || "false".equals(v.textValue()))) {
            return Boolean.valueOf(v.textValue());
        }
        throw new Mismatch(field);
    }

    private static <T> T object(JsonNode n, String field, Function<JsonNode, T> reader) {
        JsonNode v = n.get(field);
        if (absent(v)) return null;
        return reader.apply(requireObject(v, field));
    }

    private static <T> List<T> list(JsonNode n, String field, ElementReader<T> reader) {
        JsonNode v = n.get(field);
        if (absent(v)) return List.of();
        if (!v.isArray()) throw new Mismatch(field);
        List<T> out = new ArrayList<>(v.size());
        for (JsonNode element : v) {
            if (!absent(element)) out.add(reader.read(element, field + "[]"));
        }
        return out;
    }
}
