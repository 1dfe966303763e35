package io.finport.finapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelReader} and {@link JsonTrees} against Jackson's data binding, which read finAPI's answers before them:
 * for every response model, a document with every field of the record (found by reflection, so a field the reader
 * misspells or forgets shows up as a difference) must give the same record both ways.
 */
class ModelReaderTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final List<Class<?>> MODELS =
            List.of(BankConnection.class, Account.class, WebForm.class, Task.class, AccessToken.class, User.class);

    @Test
    void everyFieldOfEveryModel_readsAsJacksonDataBindingReadsIt() throws Exception {
        for (Class<?> model : MODELS) {
            for (boolean scalarsAsText : new boolean[] {false, true}) {
                ObjectNode full = fullDocument(model, scalarsAsText, 0);
                full.put("fieldFinapiAddsLater", "ignored");
                JsonNode tree = JsonTrees.read(JsonTrees.write(full));
                assertThat(ModelReader.read(model, tree))
                        .as(model.getSimpleName() + (scalarsAsText ? " with numbers and booleans as text" : ""))
                        .usingRecursiveComparison()
                        .isEqualTo(JACKSON.treeToValue(full, model));
            }
            ObjectNode empty = JsonTrees.NODES.objectNode();
            assertThat(ModelReader.read(model, empty))
                    .as(model.getSimpleName() + " from {}")
                    .usingRecursiveComparison()
                    .isEqualTo(JACKSON.treeToValue(empty, model));
        }
    }

    @Test
    void nullsInArraysAndNullFields_areLeftOutAndNull() throws Exception {
        String json = "{\"id\":7,\"name\":null,\"accountIds\":[1,null,2],\"interfaces\":null,\"bank\":null}";
        BankConnection read = ModelReader.read(BankConnection.class, JsonTrees.read(json));
        assertThat(read).isEqualTo(JACKSON.readValue(json, BankConnection.class));
        assertThat(read.accountIds()).containsExactly(1L, 2L);
        assertThat(read.interfaces()).isEmpty();
    }

    @Test
    void aWholeNumberWrittenWithAFraction_readsAsJacksonReadsIt() throws Exception {
        String json = "{\"access_token\":\"t\",\"expires_in\":3599.0}";
        AccessToken read = ModelReader.read(AccessToken.class, JsonTrees.read(json));
        assertThat(read.expiresIn()).isEqualTo(3599L);
        assertThat(read).isEqualTo(JACKSON.readValue(json, AccessToken.class));
    }

    @Test
    void amounts_keepTheirExactValueAndScale() throws Exception {
        Account account = ModelReader.read(Account.class, JsonTrees.read("{\"id\":1,\"balance\":1234.50}"));
        assertThat(account.balance()).isEqualTo(new BigDecimal("1234.50"));
        assertThat(account.balance().scale()).isEqualTo(2);
    }

    @Test
    void aValueOfTheWrongShape_isAMismatchNamingTheFieldNotItsContent() throws Exception {
        for (String json : List.of(
                "{\"id\":{\"secret\":\"DE89370400440532013000\"}}",
                "{\"id\":\"DE89370400440532013000\"}",
                "{\"accountIds\":\"DE89370400440532013000\"}",
                "{\"bank\":[\"DE89370400440532013000\"]}",
                "{\"interfaces\":[\"DE89370400440532013000\"]}")) {
            assertThatThrownBy(() -> ModelReader.read(BankConnection.class, JsonTrees.read(json)))
                    .as(json)
                    .isInstanceOf(ModelReader.Mismatch.class)
                    .hasMessageNotContaining("DE89");
        }
        assertThatThrownBy(() -> ModelReader.read(Account.class, JsonTrees.read("[]")))
                .isInstanceOf(ModelReader.Mismatch.class);
    }

    /** Every component of {@code type} set, nested records and lists included, to values that differ per field. */
    private static ObjectNode fullDocument(Class<?> type, boolean scalarsAsText, int salt) {
        ObjectNode node = JsonTrees.NODES.objectNode();
        int i = salt;
        for (RecordComponent c : type.getRecordComponents()) {
            i++;
            String name = jsonName(c);
            Class<?> raw = c.getType();
            if (raw == List.class) {
                Type element = ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
                ArrayNode array = node.putArray(name);
                for (int k = 0; k < 2; k++) array.add(value((Class<?>) element, scalarsAsText, i * 10 + k));
            } else {
                node.set(name, value(raw, scalarsAsText, i));
            }
        }
        return node;
    }

    private static JsonNode value(Class<?> type, boolean asText, int i) {
        if (type.isRecord()) return fullDocument(type, asText, i * 100);
        if (type == String.class) return JsonTrees.NODES.textNode("v" + i);
        if (type == Long.class)
            return asText ? JsonTrees.NODES.textNode("" + (1000 + i)) : JsonTrees.NODES.numberNode(1000L + i);
        if (type == BigDecimal.class) {
            BigDecimal amount = new BigDecimal(i + ".50");
            return asText ? JsonTrees.NODES.textNode(amount.toPlainString()) : JsonTrees.NODES.numberNode(amount);
        }
        if (type == Boolean.class)
            return asText ? JsonTrees.NODES.textNode("" + (i % 2 == 0)) : JsonTrees.NODES.booleanNode(i % 2 == 0);
        throw new IllegalArgumentException("no test value for " + type);
    }

    private static String jsonName(RecordComponent c) {
        JsonProperty property = c.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : c.getName();
    }
}
