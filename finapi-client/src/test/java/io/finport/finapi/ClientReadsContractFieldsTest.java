package io.finport.finapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.finport.contract.FinapiContract;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client reads only fields finAPI defines: every field of every response model (record components, by their
 * JSON name) and every field the error parsing reads must exist in finAPI's contract. A renamed or invented field
 * fails here, even when the fake server and the sandbox were changed the same way.
 */
class ClientReadsContractFieldsTest {
    private static final FinapiContract CONTRACT = FinapiContract.get();

    /** Each response model and the contract definition it reads. */
    private static final Map<Class<?>, String> MODELS = Map.ofEntries(
            Map.entry(AccessToken.class, "AccessToken"),
            Map.entry(User.class, "User"),
            Map.entry(BankConnection.class, "BankConnection"),
            Map.entry(BankConnection.Bank.class, "Bank"),
            Map.entry(BankConnectionInterface.class, "BankConnectionInterface"),
            Map.entry(BankConnectionInterface.AisConsent.class, "BankConsent"),
            Map.entry(UpdateResult.class, "UpdateResult"),
            Map.entry(Account.class, "Account"),
            Map.entry(AccountInterface.class, "AccountInterface"),
            Map.entry(WebForm.class, "WebForm"),
            Map.entry(WebForm.Payload.class, "WebFormPayload"),
            Map.entry(Task.class, "Task"),
            Map.entry(Task.Payload.class, "TaskPayload"),
            Map.entry(Task.WebFormInfo.class, "WebFormInfo"));

    /** What ErrorBody and the account listing read from raw JSON, per finAPI shape. */
    private static final Map<String, List<String>> RAW_READS = Map.of(
            "ErrorMessage",
                    List.of(
                            "errors[].code",
                            "errors[].message",
                            "errors[].type",
                            "errors[].multiStepAuthentication.status"),
            "WebFormError", List.of("code", "description"),
            "ValidationError", List.of("errors[].field", "errors[].message"),
            "BadCredentialsError", List.of("error", "error_description"),
            "AccountList", List.of("accounts[].id"));

    @Test
    void everyResponseModelField_isAFieldOfFinapisContract() {
        List<String> unknown = new ArrayList<>();
        MODELS.forEach((model, definition) -> {
            for (RecordComponent c : model.getRecordComponents()) {
                String name = jsonName(c);
                if (!CONTRACT.properties(definition).contains(name)) {
                    unknown.add(model.getSimpleName() + "." + name + " (not in " + definition + ")");
                }
                Class<?> nested = recordType(c.getGenericType());
                if (nested != null) {
                    assertThat(MODELS)
                            .as("contract definition for nested model " + nested.getName())
                            .containsKey(nested);
                }
            }
        });
        assertThat(unknown)
                .as("fields the client reads but finAPI does not define")
                .isEmpty();
    }

    @Test
    void everyFieldTheErrorParsingReads_isAFieldOfFinapisContract() {
        RAW_READS.forEach((definition, paths) -> paths.forEach(path -> assertThat(CONTRACT.hasPath(definition, path))
                .as(definition + " has " + path)
                .isTrue()));
    }

    private static String jsonName(RecordComponent c) {
        JsonProperty property = c.getAccessor().getAnnotation(JsonProperty.class);
        if (property == null) {
            property = c.getAnnotation(JsonProperty.class);
        }
        return property != null && !property.value().isEmpty() ? property.value() : c.getName();
    }

    private static Class<?> recordType(Type type) {
        if (type instanceof Class<?> k && k.isRecord()) {
            return k;
        }
        if (type instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> k
                && k.isRecord()) {
            return k;
        }
        return null;
    }
}
