package io.finport.finapi;

import static io.finport.finapi.FinapiTestSupport.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.finport.finapi.FakeFinapiServer.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinapiCallLogTest {

    record Exchange(String method, String path, String status, long millis, String requestId) {}

    private FinapiTestSupport t;
    private final List<Exchange> logged = new CopyOnWriteArrayList<>();
    private FinapiClient client;

    @BeforeEach
    void setUp() throws Exception {
        t = new FinapiTestSupport();
        FinapiConfig config = FinapiConfig.sandboxDefaults()
                .withBaseUrls(t.server.baseUri(), t.server.baseUri())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        client = new FinapiClient(
                config,
                () -> new ClientCredentials(FinapiTestSupport.CLIENT_ID, FinapiTestSupport.CLIENT_SECRET),
                t.clock,
                (method, path, status, millis, requestId) ->
                        logged.add(new Exchange(method, path, status, millis, requestId)));
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void everyExchange_whenSent_isReportedWithItsPathTemplateStatusAndRequestIdOnly() {
        t.server.on(
                "GET",
                "/api/v2/bankConnections/7",
                r -> Response.json(200, FinapiTestSupport.bankConnectionJson(7, "READY")));
        t.server.on(
                "GET",
                "/api/v2/bankConnections/8",
                r -> Response.json(404, FinapiTestSupport.errorJson("ENTITY_NOT_FOUND", FinapiTestSupport.IBAN)));

        client.getBankConnection(USER, 7, "imp-1/check/1");
        Throwable notFound = catchThrowable(() -> client.getBankConnection(USER, 8, "imp-1/check/2"));

        assertThat(notFound).isInstanceOf(FinapiException.class);
        assertThat(logged)
                .extracting(Exchange::method, Exchange::path, Exchange::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POST", "/api/v2/oauth/token", "200"),
                        org.assertj.core.groups.Tuple.tuple("GET", "/api/v2/bankConnections/{id}", "200"),
                        org.assertj.core.groups.Tuple.tuple("GET", "/api/v2/bankConnections/{id}", "404"));
        assertThat(logged.get(1).requestId()).startsWith("imp-1/check/1");
        assertThat(logged.get(2).requestId()).startsWith("imp-1/check/2");
        assertThat(logged).allSatisfy(e -> assertThat(e.millis()).isNotNegative());
        // the error body's message (here an IBAN) and the user's credentials never reach the log
        assertThat(logged.toString())
                .doesNotContain(FinapiTestSupport.IBAN)
                .doesNotContain(USER.password())
                .doesNotContain(FinapiTestSupport.CLIENT_SECRET);
    }

    @Test
    void anExchangeWithoutAnswer_isReportedAsIoError() {
        t.server.close();

        catchThrowable(() -> client.getBankConnection(USER, 7, "imp-1/check/3"));

        assertThat(logged).isNotEmpty();
        assertThat(logged.get(0).status()).isEqualTo("io_error");
    }
}
