package io.finport.finapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link JsonTrees} against Jackson's {@code ObjectMapper}, whose trees and output it replaces. */
class JsonTreesTest {
    private static final String DOCUMENT =
            "{\"a\":[1,2.50,12345678901234567890,true,null,\"x\\\"y\\u00e4\"],\"b\":{\"c\":-3,\"d\":1.0E-7}}";

    @Test
    void readsTheTreeJacksonReads_andWritesWhatItRead() throws Exception {
        // Floats as exact decimals, as the client's mapper read finAPI's answers before JsonTrees.
        ObjectMapper jackson = new ObjectMapper()
                .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        assertThat(JsonTrees.read(DOCUMENT).toString())
                .isEqualTo(jackson.readTree(DOCUMENT).toString());
        String written = JsonTrees.writeString(JsonTrees.read(DOCUMENT));
        assertThat(JsonTrees.read(written)).isEqualTo(JsonTrees.read(DOCUMENT));
        assertThat(JsonTrees.writeString(jackson.readTree("{\"k\":\"ü\",\"n\":[]}")))
                .isEqualTo(jackson.writeValueAsString(jackson.readTree("{\"k\":\"ü\",\"n\":[]}")));
    }

    @Test
    void amountsStayExact() throws Exception {
        assertThat(JsonTrees.read("{\"v\":1234.50}").get("v").decimalValue().toPlainString())
                .isEqualTo("1234.50");
    }

    @Test
    void rejectsWhatIsNotOneJsonValue() {
        for (String bad : new String[] {"", "   ", "{\"a\":1} {}", "<html>", "{\"a\":", "[1,]"}) {
            assertThatThrownBy(() -> JsonTrees.read(bad)).as(bad).isInstanceOf(IOException.class);
        }
    }

    @Test
    void strictReading_rejectsADuplicateKey_whereLenientReadingKeepsTheLast() throws Exception {
        String twice = "{\"type\":\"IMPORT\",\"nested\":{\"x\":1},\"type\":\"UPDATE\"}";
        assertThat(JsonTrees.read(twice).get("type").textValue()).isEqualTo("UPDATE");
        assertThatThrownBy(() -> JsonTrees.readStrict(twice)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTrees.readStrict("{\"n\":{\"x\":1,\"x\":2}}"))
                .isInstanceOf(IOException.class);
        assertThat(JsonTrees.readStrict("{\"a\":{\"x\":1},\"b\":{\"x\":2}}")
                        .path("b")
                        .path("x")
                        .intValue())
                .isEqualTo(2);
    }

    @Test
    void streamsStayOpenForTheirOwner() throws Exception {
        var in = new ByteArrayInputStream(DOCUMENT.getBytes(StandardCharsets.UTF_8)) {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        var out = new ByteArrayOutputStream() {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        };
        JsonTrees.write(JsonTrees.read(in), out);
        assertThat(in.closed).isFalse();
        assertThat(out.closed).isFalse();
        assertThat(JsonTrees.read(out.toByteArray())).isEqualTo(JsonTrees.read(DOCUMENT));
    }
}
