package io.finport.finapi;

import java.net.http.HttpClient;
import java.util.function.Supplier;

/**
 * The client's default JDK HTTP client, built at the first exchange: building it loads the JDK's HTTP client and its
 * default TLS context, which a function that never calls finAPI (but wires a service that could) need not pay for.
 */
final class LazyHttpClient implements Supplier<HttpClient> {
    private final FinapiConfig config;
    private HttpClient built;

    LazyHttpClient(FinapiConfig config) {
        this.config = config;
    }

    @Override
    public synchronized HttpClient get() {
        if (built == null) {
            built = HttpClient.newBuilder()
                    .connectTimeout(config.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return built;
    }
}
