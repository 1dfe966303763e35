package io.finport.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Plays API Gateway locally: turns an HTTP request on localhost into the REST proxy event the API function gets on
 * AWS and its proxy response back into HTTP. (moto stores API Gateway definitions but never invokes them.)
 * The caller identity is taken from the X-Local-Caller header (an IAM ARN, e.g.
 * {@code arn:aws:sts::123456789012:assumed-role/Worker/session-1}), standing in for the IAM principal; without it the
 * caller is {@link #DEFAULT_CALLER}.
 */
public final class LocalApiServer implements AutoCloseable {
    /** API Gateway's payload limit; larger bodies are refused before the handler, as on AWS. */
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;
    /** The caller of requests without X-Local-Caller: an IAM user of the local account. */
    public static final String DEFAULT_CALLER = "arn:aws:iam::123456789012:user/local-developer";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private volatile RequestStreamHandler handler;
    /** The refresh API function (POST /refreshes, GET /refreshes/{id}), when the template has one. */
    private volatile RequestStreamHandler refreshHandler;

    private volatile String refreshFunctionLogicalId;
    private volatile RequestStreamHandler callbackHandler;
    private volatile String callbackFunctionLogicalId;
    private final String functionLogicalId;

    /** Serves the API function's handler; its AWS calls are recorded under functionLogicalId (see AwsCallRecorder). */
    public LocalApiServer(RequestStreamHandler handler, String functionLogicalId, int port) throws IOException {
        this.functionLogicalId = functionLogicalId;
        this.handler = handler;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        // Platform threads, as Lambda runs each invocation: on Java 21 a virtual thread that blocks inside
        // synchronized code (SDK, HttpURLConnection) pins one of only a few carriers and can stall every other one.
        server.setExecutor(
                Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
        server.createContext("/", this::serve);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void replaceHandler(RequestStreamHandler handler) {
        this.handler = handler;
    }

    /** POST /callbacks/finapi/{token} goes to the callback function (API Gateway has no IAM auth on it either). */
    void routeCallbacks(RequestStreamHandler callbackHandler, String functionLogicalId) {
        this.callbackFunctionLogicalId = functionLogicalId;
        this.callbackHandler = callbackHandler;
    }

    void routeRefreshes(RequestStreamHandler refreshHandler, String functionLogicalId) {
        this.refreshFunctionLogicalId = functionLogicalId;
        this.refreshHandler = refreshHandler;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readLimited(exchange.getRequestBody());
            if (body == null) {
                send(
                        exchange,
                        413,
                        Map.of("Content-Type", "application/json"),
                        "{\"error\":\"BODY_TOO_LARGE\",\"field\":\"body\",\"message\":\"body exceeds the API limit\"}");
                return;
            }
            ObjectNode event = MAPPER.createObjectNode();
            event.put("httpMethod", exchange.getRequestMethod());
            event.put("path", exchange.getRequestURI().getPath());
            ObjectNode headers = event.putObject("headers");
            for (Map.Entry<String, List<String>> h :
                    exchange.getRequestHeaders().entrySet()) {
                if (!h.getValue().isEmpty())
                    headers.put(h.getKey(), h.getValue().get(0));
            }
            event.put("body", body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
            event.put("isBase64Encoded", false);
            ObjectNode context = event.putObject("requestContext");
            context.put("stage", "local");
            // X-Local-Caller stands for the IAM principal: an ARN, as API Gateway reports it in identity.userArn
            // (an assumed role keeps its session part here; the API function removes it, as on AWS).
            String caller = exchange.getRequestHeaders().getFirst("X-Local-Caller");
            context.putObject("identity").put("userArn", caller == null ? DEFAULT_CALLER : caller);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String path = exchange.getRequestURI().getPath();
            boolean refresh = refreshHandler != null && path.startsWith("/refreshes");
            boolean callback = callbackHandler != null && path.startsWith("/callbacks/");
            RequestStreamHandler target = callback ? callbackHandler : refresh ? refreshHandler : handler;
            String function =
                    callback ? callbackFunctionLogicalId : refresh ? refreshFunctionLogicalId : functionLogicalId;
            if (callback) {
                // finAPI's callback: API Gateway's {token} path parameter; the route has no IAM identity.
                String rest = path.substring("/callbacks/".length());
                if (rest.startsWith("finapi/")) {
                    event.putObject("pathParameters").put("token", rest.substring("finapi/".length()));
                }
                event.put("resource", "/callbacks/finapi/{token}");
                context.remove("identity");
            }
            byte[] request = MAPPER.writeValueAsBytes(event);
            AwsCallRecorder.during(
                    function,
                    () -> target.handleRequest(new ByteArrayInputStream(request), out, LocalContext.of(function)));
            JsonNode response = MAPPER.readTree(out.toByteArray());
            Map<String, String> responseHeaders = new java.util.LinkedHashMap<>();
            response.path("headers")
                    .fields()
                    .forEachRemaining(
                            e -> responseHeaders.put(e.getKey(), e.getValue().asText()));
            send(
                    exchange,
                    response.path("statusCode").asInt(502),
                    responseHeaders,
                    response.path("body").asText(""));
        } catch (RuntimeException e) {
            send(exchange, 502, Map.of("Content-Type", "application/json"), "{\"message\":\"Internal server error\"}");
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_PAYLOAD + 1);
        return data.length > MAX_PAYLOAD ? null : data;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
