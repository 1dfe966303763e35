package io.finport.finapi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON trees read and written with Jackson's streaming API and node classes, without an {@code ObjectMapper}: the
 * mapper's configuration and introspection are most of the classes a finAPI call would otherwise load on a cold
 * start. Numbers with a fraction become exact {@code BigDecimal}s (amounts keep their scale).
 */
public final class JsonTrees {

    /** Creates nodes for request bodies and other small documents. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** Streams handed in are the caller's: neither reading nor writing closes them. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private JsonTrees() {}

    /**
     * One JSON document (its first value; trailing content is an error).
     *
     * @throws IOException when the bytes are not one JSON value
     */
    public static JsonNode read(byte[] json) throws IOException {
        return read(FACTORY.createParser(json), false);
    }

    /** As {@link #read(byte[])} for a string. */
    public static JsonNode read(String json) throws IOException {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #read(byte[])} for a stream (read to its end, not closed). */
    public static JsonNode read(InputStream json) throws IOException {
        return read(FACTORY.createParser(json), false);
    }

    /** As {@link #read(String)}, and a key that appears twice in one object is an error, not the last one wins. */
    public static JsonNode readStrict(String json) throws IOException {
        return read(FACTORY.createParser(json.getBytes(StandardCharsets.UTF_8)), true);
    }

    private static JsonNode read(JsonParser source, boolean strict) throws IOException {
        try (JsonParser parser = strict ? source.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION) : source) {
            JsonToken first = parser.nextToken();
            if (first == null) throw new IOException("no JSON value");
            JsonNode value = value(parser, first);
            if (parser.nextToken() != null) throw new IOException("content after the JSON value");
            return value;
        }
    }

    /** Writes the node as compact UTF-8 JSON to {@code out} (not closed). */
    public static void write(JsonNode node, OutputStream out) throws IOException {
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, node);
        }
    }

    /** The node as compact UTF-8 JSON. */
    public static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            write(node, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        return out.toByteArray();
    }

    /** As {@link #write(JsonNode)}, as a string. */
    public static String writeString(JsonNode node) {
        return new String(write(node), StandardCharsets.UTF_8);
    }

    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> integral(parser);
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }

    private static JsonNode integral(JsonParser parser) throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
        };
    }

    private static ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            if (t != JsonToken.FIELD_NAME) throw new IOException("unexpected JSON token " + t);
            String name = parser.currentName();
            object.set(name, value(parser, parser.nextToken()));
        }
        return object;
    }

    private static ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            array.add(value(parser, t));
        }
        return array;
    }

    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    out.writeFieldName(field.getKey());
                    write(out, field.getValue());
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) write(out, element);
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case NUMBER -> writeNumber(out, node);
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL, MISSING -> out.writeNull();
            default -> throw new IOException("cannot write a " + node.getNodeType() + " node");
        }
    }

    private static void writeNumber(JsonGenerator out, JsonNode node) throws IOException {
        if (node.isBigDecimal()) out.writeNumber(node.decimalValue());
        else if (node.isBigInteger()) out.writeNumber(node.bigIntegerValue());
        else if (node.isIntegralNumber()) out.writeNumber(node.longValue());
        else out.writeNumber(node.doubleValue());
    }
}
