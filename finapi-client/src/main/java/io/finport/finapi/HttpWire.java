package io.finport.finapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.HttpsURLConnection;

/**
 * One HTTP/1.1 exchange over the JDK's {@link HttpURLConnection}: the transport the AWS SDK's URL-connection client
 * already loads in every function, so finAPI adds no HTTP stack of its own to a cold start (the JDK's
 * {@code java.net.http} client cost a few hundred ms of class loading and set-up at its first request).
 *
 * <p>Behaviour kept from the JDK client: connect and read timeouts from the config, no redirects, no proxy, pooled
 * keep-alive connections, and no silent resend of a request with a body. {@code HttpURLConnection} resends a buffered
 * POST once when the connection breaks before the answer; a body is therefore streamed with its fixed length, which
 * the JDK never resends. Only requests marked {@link Request#resendable()} (the OAuth token request, which changes
 * nothing at finAPI) are buffered, because a streamed request cannot read the body of a 401 answer: for a streamed
 * request answered 401 the status comes back without body or headers. A request without a body (GET, DELETE) may be
 * sent a second time by {@code HttpURLConnection} when a pooled keep-alive connection turns out to be closed before
 * any answer; both are idempotent.
 */
final class HttpWire {

    /** One request; {@code body == null} sends none. */
    record Request(String method, URI uri, Map<String, String> headers, byte[] body, boolean resendable) {}

    /** The answer: status, headers (names case-insensitive) and the whole body (empty, never null). */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {}

    private static final byte[] NO_BODY = new byte[0];

    private final FinapiConfig config;

    HttpWire(FinapiConfig config) {
        this.config = config;
    }

    /** Initialises the default TLS context now (SnapStart priming); opens no connection. */
    void prepare() {
        HttpsURLConnection.getDefaultSSLSocketFactory();
    }

    Response send(Request request) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection(Proxy.NO_PROXY);
        try {
            connection.setConnectTimeout(millis(config.connectTimeout().toMillis()));
            connection.setReadTimeout(millis(config.readTimeout().toMillis()));
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(request.method());
            request.headers().forEach(connection::setRequestProperty);
            if (request.body() != null) {
                connection.setDoOutput(true);
                if (!request.resendable()) connection.setFixedLengthStreamingMode(request.body().length);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(request.body());
                }
            }
            int status;
            try {
                status = connection.getResponseCode();
            } catch (HttpRetryException e) {
                // A streamed request answered 401: HttpURLConnection drops that answer's body and headers.
                if (e.responseCode() == HttpURLConnection.HTTP_UNAUTHORIZED) {
                    return new Response(e.responseCode(), Map.of(), NO_BODY);
                }
                throw e;
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null) headers.put(name, values);
            });
            return new Response(status, headers, body(connection, status));
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }

    /** Reads the whole body, so the connection goes back to the keep-alive pool. */
    private static byte[] body(HttpURLConnection connection, int status) throws IOException {
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) return NO_BODY;
        try (in) {
            return in.readAllBytes();
        }
    }

    private static int millis(long millis) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, millis));
    }
}
