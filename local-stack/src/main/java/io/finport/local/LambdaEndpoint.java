package io.finport.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Answers moto's forwarded Lambda Invoke calls by running the real Java handlers in this JVM
 * (POST /{functionName}, body = payload). A thrown exception becomes the error payload the Java Lambda runtime
 * produces ({"errorType": class name, "errorMessage", "stackTrace"}) with X-Function-Error: Unhandled, so the
 * state machine's Retry and Catch match by class name exactly as on AWS.
 */
public final class LambdaEndpoint implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, RequestStreamHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> invocations = new ConcurrentHashMap<>();
    private volatile Function<String, RuntimeException> faultInjector = name -> null;

    public LambdaEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Platform threads, as Lambda runs each invocation: on Java 21 a virtual thread that blocks inside
        // synchronized code (SDK, HttpURLConnection) pins one of only a few carriers and can stall every other one.
        server.setExecutor(
                Executors.newCachedThreadPool(Thread.ofPlatform().daemon().factory()));
        server.createContext("/", this::invoke);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void register(String functionName, RequestStreamHandler handler) {
        handlers.put(functionName, handler);
    }

    /** Lets tests make a function throw before its handler runs (e.g. to prove the Catch path). */
    public void injectFaults(Function<String, RuntimeException> injector) {
        this.faultInjector = injector == null ? name -> null : injector;
    }

    public long invocations(String functionName) {
        return invocations.getOrDefault(functionName, new AtomicLong()).get();
    }

    private void invoke(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring(1);
        byte[] payload = exchange.getRequestBody().readAllBytes();
        RequestStreamHandler handler = handlers.get(name);
        if (handler == null) {
            byte[] body = ("{\"errorType\":\"Lambda.ResourceNotFoundException\",\"errorMessage\":\"no function " + name
                            + "\"}")
                    .getBytes();
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        invocations.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] body;
        try {
            RuntimeException injected = faultInjector.apply(name);
            if (injected != null) throw injected;
            AwsCallRecorder.during(
                    name,
                    () -> AwsRequestCounter.inHandler(() ->
                            handler.handleRequest(new ByteArrayInputStream(payload), out, LocalContext.of(name))));
            body = out.toByteArray();
            if (body.length == 0) body = "null".getBytes();
        } catch (Exception | Error e) {
            exchange.getResponseHeaders().add("X-Function-Error", "Unhandled");
            body = errorPayload(e);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    static byte[] errorPayload(Throwable e) throws IOException {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("errorMessage", e.getMessage());
        error.put("errorType", e.getClass().getName());
        ArrayNode trace = error.putArray("stackTrace");
        StackTraceElement[] frames = e.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 10); i++) trace.add(frames[i].toString());
        return MAPPER.writeValueAsBytes(error);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
