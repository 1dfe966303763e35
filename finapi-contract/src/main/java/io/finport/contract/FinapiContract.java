package io.finport.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The finAPI operations finport uses ({@code contract/finapi.json}, JSON Schema written from finAPI's OpenAPI
 * documents), and checks of a request or a response against them. Every check returns the violations as readable
 * lines; an empty list means the message is one finAPI defines.
 */
public final class FinapiContract {
    private static final String RESOURCE = "contract/finapi.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final FinapiContract INSTANCE = new FinapiContract();

    /** An operation: its key ("POST /api/tasks/backgroundUpdate") and its entry in x-operations. */
    public record Operation(String key, String method, String template, JsonNode spec) {
        boolean matches(String method, String path) {
            return this.method.equals(method)
                    && Pattern.compile(Pattern.quote(template).replace("{id}", "\\E[^/]+\\Q"))
                            .matcher(path)
                            .matches();
        }
    }

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final List<Operation> operations = new ArrayList<>();

    private FinapiContract() {
        try (InputStream in = FinapiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            document = MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        document.path("x-operations").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] parts = e.getKey().split(" ", 2);
            operations.add(new Operation(e.getKey(), parts[0], parts[1], e.getValue()));
        }
    }

    public static FinapiContract get() {
        return INSTANCE;
    }

    /** The source note of the contract (finAPI document versions it was written from). */
    public String sources() {
        return document.path("description").asText() + " " + document.path("x-sources");
    }

    /** The operation for a request path (query ignored), if the contract has it. */
    public Optional<Operation> operation(String method, String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        // Literal templates win over {id} ones (/api/tasks/backgroundUpdate is not a task id).
        return operations.stream()
                .filter(o -> o.matches(method, bare))
                .min((a, b) -> Boolean.compare(a.template.contains("{"), b.template.contains("{")));
    }

    /** Checks a request as sent: known operation, content type, body fields, required fields and enums, query names. */
    public List<String> checkRequest(
            String method, String pathAndQuery, String contentType, String body, Set<String> headerNames) {
        Optional<Operation> found = operation(method, pathAndQuery);
        if (found.isEmpty()) {
            return List.of(method + " " + pathAndQuery + ": not an operation of the finAPI contract");
        }
        Operation op = found.get();
        List<String> violations = new ArrayList<>();
        String where = op.key() + " request";
        JsonNode allowedQuery = op.spec().path("query");
        if (pathAndQuery.contains("?")) {
            for (String pair :
                    pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!contains(allowedQuery, name)) {
                    violations.add(where + ": query parameter '" + name + "' is not defined");
                }
            }
        }
        for (String header : headerNames) {
            if (header.regionMatches(true, 0, "PSU-", 0, 4)
                    && !containsIgnoreCase(op.spec().path("requestHeaders"), header)) {
                violations.add(where + ": header " + header + " is not defined for this operation");
            }
        }
        String expectedType = op.spec().path("requestContentType").asText(null);
        if (expectedType == null) {
            if (body != null && !body.isEmpty()) {
                violations.add(where + ": has a body, the operation takes none");
            }
            return violations;
        }
        if (contentType == null || !contentType.split(";")[0].trim().equalsIgnoreCase(expectedType)) {
            violations.add(where + ": Content-Type " + contentType + ", expected " + expectedType);
            return violations;
        }
        JsonNode json = expectedType.equals("application/json") ? parse(body, where, violations) : form(body);
        if (json != null) {
            violations.addAll(validate(op.spec().path("request").asText(), json, where));
        }
        return violations;
    }

    /** Checks a response: the schema for its status (exact, then 4xx/5xx) with required fields, enums, no extras. */
    public List<String> checkResponse(String method, String path, int status, String body) {
        Optional<Operation> found = operation(method, path);
        if (found.isEmpty()) {
            return List.of(method + " " + path + ": not an operation of the finAPI contract");
        }
        Operation op = found.get();
        JsonNode responses = op.spec().path("responses");
        JsonNode def = responses.has(Integer.toString(status))
                ? responses.get(Integer.toString(status))
                : responses.get((status / 100) + "xx");
        String where = op.key() + " response " + status;
        if (def == null) {
            return List.of(where + ": status not defined for this operation");
        }
        List<String> violations = new ArrayList<>();
        JsonNode json = parse(body, where, violations);
        if (json != null) {
            violations.addAll(validate(def.asText(), json, where));
        }
        return violations;
    }

    /** Validates a JSON value against one of the contract's definitions ($defs). */
    public List<String> validate(String definition, JsonNode json, String where) {
        Schema schema = schemas.computeIfAbsent(
                definition, d -> registry.getSchema(SchemaLocation.of("classpath:" + RESOURCE + "#/$defs/" + d)));
        List<String> violations = new ArrayList<>();
        for (Error error : schema.validate(json)) {
            violations.add(where + " (" + definition + "): " + error.getInstanceLocation() + " " + error.getMessage());
        }
        return violations;
    }

    /**
     * True when the definition has this property path (dots between nested objects, {@code []} through arrays),
     * e.g. {@code interfaces[].lastManualUpdate.result} on BankConnection. Used to prove the client reads only
     * fields finAPI defines.
     */
    public boolean hasPath(String definition, String path) {
        JsonNode node = definition(definition);
        for (String raw : path.split("\\.")) {
            boolean array = raw.endsWith("[]");
            String name = array ? raw.substring(0, raw.length() - 2) : raw;
            node = resolve(node).path("properties").path(name);
            if (node.isMissingNode()) {
                return false;
            }
            if (array) {
                node = resolve(node).path("items");
            }
        }
        return true;
    }

    /** The property names of a definition. */
    public Set<String> properties(String definition) {
        Set<String> names = new LinkedHashSet<>();
        resolve(definition(definition)).path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode definition(String name) {
        JsonNode node = document.path("$defs").path(name);
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("no definition " + name + " in the contract");
        }
        return node;
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = definition(node.get("$ref").asText().replace("#/$defs/", ""));
        }
        return node;
    }

    private static JsonNode parse(String body, String where, List<String> violations) {
        if (body == null || body.isBlank()) {
            violations.add(where + ": no JSON body");
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            violations.add(where + ": body is not JSON");
            return null;
        }
    }

    /** A form body as a JSON object of strings (the token request), so the same schema checks apply. */
    private static JsonNode form(String body) {
        ObjectNode json = MAPPER.createObjectNode();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                json.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return json;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) return true;
        }
        return false;
    }

    private static boolean containsIgnoreCase(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equalsIgnoreCase(value)) return true;
        }
        return false;
    }
}
