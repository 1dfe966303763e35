package io.finport.finapi;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Endpoints and timeouts of the finAPI client.
 *
 * @param accessBaseUrl  base URL of finAPI Access (V2 paths are appended)
 * @param webFormBaseUrl base URL of the Web Form 2.0 API
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout    per-request timeout (from sending the request until the response headers arrive)
 */
public record FinapiConfig(URI accessBaseUrl, URI webFormBaseUrl, Duration connectTimeout, Duration readTimeout) {

    public static final URI SANDBOX_ACCESS_URL = URI.create("https://sandbox.finapi.io");
    public static final URI SANDBOX_WEB_FORM_URL = URI.create("https://webform-sandbox.finapi.io");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);

    public FinapiConfig {
        Objects.requireNonNull(accessBaseUrl, "accessBaseUrl");
        Objects.requireNonNull(webFormBaseUrl, "webFormBaseUrl");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requireHttp(accessBaseUrl, "accessBaseUrl");
        requireHttp(webFormBaseUrl, "webFormBaseUrl");
    }

    public static FinapiConfig sandboxDefaults() {
        return new FinapiConfig(
                SANDBOX_ACCESS_URL, SANDBOX_WEB_FORM_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public FinapiConfig withBaseUrls(URI access, URI webForm) {
        return new FinapiConfig(access, webForm, connectTimeout, readTimeout);
    }

    public FinapiConfig withTimeouts(Duration connect, Duration read) {
        return new FinapiConfig(accessBaseUrl, webFormBaseUrl, connect, read);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requireHttp(URI uri, String name) {
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL");
        }
    }
}
