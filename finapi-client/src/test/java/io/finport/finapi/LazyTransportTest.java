package io.finport.finapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The default JDK HTTP client (its selector thread, its TLS context) is built at the first exchange, not before. */
class LazyTransportTest {

    private static Set<Long> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t ->
                        t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .map(Thread::threadId)
                .collect(Collectors.toSet());
    }

    @Test
    void create_whenNothingIsCalled_buildsNoHttpClientUntilTheTransportIsAskedFor() {
        Set<Long> before = selectorThreads();

        FinapiClient client = FinapiClient.create(
                FinapiConfig.sandboxDefaults(), () -> new ClientCredentials("id", "secret"), (m, p, s, d, r) -> {});

        assertThat(selectorThreads()).as("after create").isSubsetOf(before);
        client.buildTransport();
        assertThat(selectorThreads()).as("after buildTransport").anyMatch(id -> !before.contains(id));
    }
}
