package io.finport.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.finport.sandbox.Scenario.FaultSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * HTTP front of the sandbox: request ids, faults, the finAPI routes and the {@code /sandbox} admin API.
 * Request logging prints method, path (never the query: it may carry credentials), status and duration.
 */
final class SandboxHttpHandler implements HttpHandler {
    private static final String REQUEST_ID = "X-Request-Id";

    private final SandboxState state;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final PrintStream log;

    SandboxHttpHandler(SandboxState state, ObjectMapper mapper, Clock clock, PrintStream log) {
        this.state = state;
        this.mapper = mapper;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        int status;
        try {
            String requestId = exchange.getRequestHeaders().getFirst(REQUEST_ID);
            if (requestId == null || requestId.isBlank()) {
                requestId = "selfgen-" + UUID.randomUUID();
            }
            exchange.getResponseHeaders().set(REQUEST_ID, requestId);
            status = path.equals("/sandbox") || path.startsWith("/sandbox/")
                    ? admin(exchange, method, path)
                    : api(exchange, method, path, requestId);
        } catch (Exception e) {
            // A bug in the sandbox must not look like a finAPI answer; say so plainly.
            status = 500;
            trySend(exchange, Reply.json(500, Map.of("error", "sandbox_internal_error", "message", String.valueOf(e))));
        } finally {
            exchange.close();
        }
        if (log != null) {
            log.printf(
                    "[finapi-sandbox] %s %s -> %s (%d ms)%n",
                    method, path, status == 0 ? "dropped" : status, (System.nanoTime() - started) / 1_000_000);
        }
    }

    // ---------------------------------------------------------------- finAPI API

    private int api(HttpExchange exchange, String method, String path, String requestId) throws IOException {
        String rawBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Optional<Route.Match> match = Route.match(method, path);
        if (match.isEmpty()) {
            ApiRequest unknown =
                    new ApiRequest(null, null, method, path, Map.of(), null, rawBody, null, false, requestId, null);
            Reply reply = Route.knownPath(path)
                    ? state.plainError(
                            unknown, 405, "METHOD_NOT_ALLOWED", "Method " + method + " is not supported here")
                    : state.plainError(unknown, 404, "UNKNOWN_ENTITY", "No such endpoint: " + path);
            state.record(new RecordedRequest(
                    method,
                    path,
                    null,
                    reply.status(),
                    requestId,
                    null,
                    now(),
                    state.tokenUser(exchange.getRequestHeaders().getFirst("Authorization")),
                    null));
            send(exchange, reply);
            return reply.status();
        }
        Route route = match.get().route();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Map<String, List<String>> params = parseQuery(exchange.getRequestURI().getRawQuery());
        JsonNode json = null;
        boolean invalidJson = false;
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            parseQuery(rawBody)
                    .forEach((k, v) ->
                            params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        } else if (!rawBody.isBlank()) {
            try {
                json = mapper.readTree(rawBody);
            } catch (JsonProcessingException e) {
                invalidJson = true;
            }
        }
        ApiRequest request = new ApiRequest(
                route,
                match.get().id(),
                method,
                path,
                params,
                exchange.getRequestHeaders().getFirst("Authorization"),
                rawBody,
                json,
                invalidJson,
                requestId,
                exchange.getRequestHeaders().getFirst("Host"));

        // Read before handling: a DELETE of the user removes its tokens.
        String userId = state.tokenUser(request.authorization());
        Long connectionId = connectionIdOf(request);
        FaultSimulator.FaultDecision decision = state.claimFault(request);
        FaultSpec fault = decision.fault();
        Reply reply = null;
        if (fault != null) {
            if (fault.delayMillis() > 0) {
                sleep(fault.delayMillis());
            }
            if (fault.drop()) {
                // Closing before any response header makes the JDK server close the socket: the client sees a dead
                // connection.
                state.record(new RecordedRequest(
                        method,
                        path,
                        route.template(),
                        0,
                        requestId,
                        decision.scenarioId(),
                        now(),
                        userId,
                        connectionId));
                return 0;
            }
            if (fault.body() != null) {
                String type = fault.contentType() != null
                        ? fault.contentType()
                        : fault.body().stripLeading().startsWith("<") ? Reply.HTML : Reply.JSON;
                reply = new Reply(fault.status() != null ? fault.status() : 200, fault.body(), type, null);
            } else if (fault.status() != null) {
                reply = state.faultError(request, decision.faultOwner(), fault);
            }
        }
        if (reply == null) {
            reply = state.handle(request);
        }
        String scenarioId = reply.scenarioId() != null ? reply.scenarioId() : decision.scenarioId();
        // Record before answering, so a client that reads the log right after its response sees its own request.
        boolean userPresent = exchange.getRequestHeaders().getFirst("PSU-IP-Address") != null
                || json != null && json.hasNonNull("userMetadata");
        state.record(new RecordedRequest(
                method,
                path,
                route.template(),
                reply.status(),
                requestId,
                scenarioId,
                now(),
                userId,
                connectionId,
                userPresent));
        send(exchange, reply);
        return reply.status();
    }

    /** The bank connection a request names, for the request log: the update body's id or the connection path id. */
    private static Long connectionIdOf(ApiRequest request) {
        String raw = switch (request.route()) {
            case UPDATE_CONNECTION ->
                request.json() == null || !request.json().has("bankConnectionId")
                        ? null
                        : request.json().get("bankConnectionId").asText();
            case GET_CONNECTION -> request.pathId();
            default -> null;
        };
        return raw != null && raw.matches("\\d{1,18}") ? Long.valueOf(raw) : null;
    }

    // ---------------------------------------------------------------- admin API

    private int admin(HttpExchange exchange, String method, String path) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String rest = path.substring("/sandbox".length());
        Reply reply;
        if (rest.equals("/health") && method.equals("GET")) {
            reply = Reply.json(
                    200,
                    Map.of("status", "UP", "scenarios", state.scenarioStates().size()));
        } else if (rest.equals("/scenarios") && method.equals("POST")) {
            try {
                reply = Reply.json(201, state.register(ScenarioParser.parse(body)));
            } catch (ScenarioValidationException e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", "invalid_scenario");
                error.put("field", e.field());
                error.put("message", e.getMessage());
                reply = Reply.json(400, error);
            }
        } else if (rest.equals("/scenarios") && method.equals("GET")) {
            reply = Reply.json(200, state.scenarioStates());
        } else if (rest.startsWith("/scenarios/") && method.equals("GET")) {
            ScenarioState s = state.scenarioState(rest.substring("/scenarios/".length()));
            reply = s == null ? adminNotFound("unknown scenario") : Reply.json(200, s);
        } else if (rest.startsWith("/scenarios/") && method.equals("DELETE")) {
            reply = state.deregister(rest.substring("/scenarios/".length()))
                    ? new Reply(204, null, null, null)
                    : adminNotFound("unknown scenario");
        } else if (rest.equals("/requests") && method.equals("GET")) {
            Map<String, List<String>> query =
                    parseQuery(exchange.getRequestURI().getRawQuery());
            String connectionId = first(query, "bankConnectionId");
            String userId = first(query, "userId");
            reply = Reply.json(
                    200,
                    state.requests(first(query, "scenarioId")).stream()
                            .filter(r ->
                                    connectionId == null || connectionId.equals(String.valueOf(r.bankConnectionId())))
                            .filter(r -> userId == null || userId.equals(r.userId()))
                            .toList());
        } else if (rest.equals("/requests") && method.equals("DELETE")) {
            state.clearRequests();
            reply = new Reply(204, null, null, null);
        } else if (rest.equals("/reset") && method.equals("POST")) {
            state.reset();
            reply = new Reply(204, null, null, null);
        } else {
            reply = adminNotFound("unknown admin endpoint " + method + " " + path);
        }
        send(exchange, reply);
        return reply.status();
    }

    private static Reply adminNotFound(String message) {
        return Reply.json(404, Map.of("error", "not_found", "message", message));
    }

    // ---------------------------------------------------------------- plumbing

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] bytes = reply.body() instanceof String s
                ? s.getBytes(StandardCharsets.UTF_8)
                : mapper.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        if (reply.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void trySend(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException | RuntimeException ignored) {
            // Headers may already be out; closing the exchange is all that is left.
        }
    }

    private String now() {
        return FinapiJson.v2(clock.instant());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
