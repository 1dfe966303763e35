package io.finport.infra;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a CloudFormation/SAM template into a Jackson tree, turning the short-form tags into their long form.
 *
 * <p>Plain Jackson YAML keeps the value of a tagged node and silently drops the tag ({@code !Ref ImportTable} reads as
 * the string {@code "ImportTable"}), which would make a reference indistinguishable from a literal. Here the tag is
 * read from the parser ({@link YAMLParser#getTypeId()}) while the tree is built: {@code !Ref X} becomes
 * {@code {"Ref": "X"}}, {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s} becomes
 * {@code {"Fn::Sub": s}} and so on. An unknown tag is an error, never dropped.
 */
final class CfnYaml {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("Ref", "Ref"),
            Map.entry("Condition", "Condition"),
            Map.entry("GetAtt", "Fn::GetAtt"),
            Map.entry("Sub", "Fn::Sub"),
            Map.entry("Join", "Fn::Join"),
            Map.entry("Select", "Fn::Select"),
            Map.entry("Split", "Fn::Split"),
            Map.entry("If", "Fn::If"),
            Map.entry("Not", "Fn::Not"),
            Map.entry("Equals", "Fn::Equals"),
            Map.entry("And", "Fn::And"),
            Map.entry("Or", "Fn::Or"),
            Map.entry("FindInMap", "Fn::FindInMap"),
            Map.entry("Base64", "Fn::Base64"),
            Map.entry("Cidr", "Fn::Cidr"),
            Map.entry("GetAZs", "Fn::GetAZs"),
            Map.entry("ImportValue", "Fn::ImportValue"),
            Map.entry("Transform", "Fn::Transform"),
            // rule-specific functions (Rules: Assertions)
            Map.entry("Contains", "Fn::Contains"),
            Map.entry("EachMemberEquals", "Fn::EachMemberEquals"),
            Map.entry("EachMemberIn", "Fn::EachMemberIn"),
            Map.entry("RefAll", "Fn::RefAll"),
            Map.entry("ValueOf", "Fn::ValueOf"),
            Map.entry("ValueOfAll", "Fn::ValueOfAll"));
    /** Tags the YAML core schema itself uses (explicit types); they carry no CloudFormation meaning. */
    private static final List<String> CORE_TAGS = List.of(
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:null",
            "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq");

    private CfnYaml() {}

    static ObjectNode load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return root(reader, file.toString());
        }
    }

    static ObjectNode parse(String yaml) throws IOException {
        return root(new StringReader(yaml), "<string>");
    }

    private static ObjectNode root(Reader reader, String source) throws IOException {
        try (YAMLParser parser = new YAMLFactory().createParser(reader)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(source + ": a template is a mapping at the top level");
            }
            return (ObjectNode) read(parser);
        }
    }

    /** Reads the value at the parser's current token (tag included) and leaves the parser on its last token. */
    private static JsonNode read(YAMLParser parser) throws IOException {
        String tag = parser.getTypeId(); // must be read before the parser moves on
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (object.has(name)) {
                        throw new IOException("duplicate key '" + name + "' at " + parser.currentLocation());
                    }
                    object.set(name, read(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT ->
                switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected " + parser.currentToken() + " at " + parser.currentLocation());
        };
        return tag == null || CORE_TAGS.contains(tag) ? value : intrinsic(tag, value, parser);
    }

    private static JsonNode intrinsic(String tag, JsonNode value, YAMLParser parser) throws IOException {
        String function = FUNCTIONS.get(tag);
        if (function == null) {
            throw new IOException("unknown tag !" + tag + " at " + parser.currentLocation());
        }
        JsonNode argument = value;
        if (function.equals("Fn::GetAtt") && value.isTextual()) {
            // Short form "Resource.Attribute"; the attribute itself may contain dots (Outputs.X), the resource may not.
            String text = value.asText();
            int dot = text.indexOf('.');
            if (dot <= 0 || dot == text.length() - 1) {
                throw new IOException(
                        "!GetAtt needs Resource.Attribute, got '" + text + "' at " + parser.currentLocation());
            }
            argument = NODES.arrayNode().add(text.substring(0, dot)).add(text.substring(dot + 1));
        }
        ObjectNode node = NODES.objectNode();
        node.set(function, argument);
        return node;
    }
}
