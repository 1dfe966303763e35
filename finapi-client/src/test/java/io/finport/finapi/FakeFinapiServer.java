package io.finport.finapi;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.finport.contract.FinapiContract;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-process fake of finAPI Access and Web Form on a loopback port. Routes are scripted per test; every request is
 * recorded. The token endpoint answers by default with numbered tokens (client-token-1, user-token-2, ...).
 */
final class FakeFinapiServer implements AutoCloseable {

    static final String TOKEN_PATH = "/api/v2/oauth/token";

    record RecordedRequest(String method, String path, String query, Headers headers, String body) {

        String header(String name) {
            return headers.getFirst(name);
        }

        /** The body decoded as application/x-www-form-urlencoded. */
        Map<String, String> form() {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return form;
        }
    }

    record Response(int status, Map<String, String> headers, String body, long delayMillis, boolean drop) {

        static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"), body, 0, false);
        }

        static Response html(int status, String body) {
            return new Response(status, Map.of("Content-Type", "text/html"), body, 0, false);
        }

        /** Closes the connection without sending a response. */
        static Response dropConnection() {
            return new Response(0, Map.of(), "", 0, true);
        }

        Response withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Response(status, all, body, delayMillis, drop);
        }

        Response delayedBy(long millis) {
            return new Response(status, headers, body, millis, drop);
        }
    }

    @FunctionalInterface
    interface Handler {
        Response handle(RecordedRequest request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    volatile long tokenExpiresIn = 3600;

    FakeFinapiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        on("POST", TOKEN_PATH, this::issueToken);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Scripts a route; the path must match exactly (query excluded). Replaces any earlier handler. */
    void on(String method, String path, Handler handler) {
        routes.put(method + " " + path, handler);
    }

    /** Answers with the given responses in order, repeating the last one. */
    void onSequence(String method, String path, Response... responses) {
        AtomicInteger calls = new AtomicInteger();
        on(method, path, request -> responses[Math.min(calls.getAndIncrement(), responses.length - 1)]);
    }

    /**
     * Every request the client sent, checked against finAPI's contract (operation, Content-Type, body fields,
     * required fields, enums, query parameters, PSU headers); empty when all were requests finAPI defines.
     */
    List<String> contractViolations() {
        // Checked after the fact, not while answering: a schema check must not slow a request past a read timeout.
        List<String> violations = new ArrayList<>();
        for (RecordedRequest r : requests) {
            violations.addAll(FinapiContract.get()
                    .checkRequest(
                            r.method(),
                            r.path() + (r.query() == null ? "" : "?" + r.query()),
                            r.header("Content-Type"),
                            r.body(),
                            r.headers().keySet()));
        }
        return violations;
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    List<RecordedRequest> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    List<RecordedRequest> tokenRequests() {
        return requests("POST", TOKEN_PATH);
    }

    List<RecordedRequest> tokenRequests(String grantType) {
        return tokenRequests().stream()
                .filter(r -> grantType.equals(r.form().get("grant_type")))
                .toList();
    }

    private Response issueToken(RecordedRequest request) {
        int n = tokenCounter.incrementAndGet();
        String grant = request.form().get("grant_type");
        if ("client_credentials".equals(grant)) {
            return Response.json(200, """
                    {"access_token":"client-token-%d","token_type":"bearer","expires_in":%d,"scope":"all"}""".formatted(n, tokenExpiresIn));
        }
        // finAPI sets refresh_token only for the password grant.
        String refresh = "password".equals(grant) ? ",\"refresh_token\":\"refresh-token-" + n + "\"" : "";
        return Response.json(200, """
                {"access_token":"user-token-%d","token_type":"bearer","expires_in":%d,"scope":"all"%s}""".formatted(n, tokenExpiresIn, refresh));
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            RecordedRequest request = new RecordedRequest(
                    exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(), exchange.getRequestHeaders(), body);
            requests.add(request);
            Handler handler = routes.get(request.method() + " " + request.path());
            Response response = handler == null
                    ? Response.json(404, "{\"errors\":[{\"code\":\"UNKNOWN_ENTITY\",\"message\":\"no route\"}]}")
                    : handler.handle(request);
            if (response.delayMillis() > 0) {
                Thread.sleep(response.delayMillis());
            }
            if (response.drop()) {
                return; // closing the exchange before sending headers closes the connection
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (e.g. after its timeout); nothing to answer.
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
