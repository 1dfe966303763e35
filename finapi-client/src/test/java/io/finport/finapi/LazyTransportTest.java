package io.finport.finapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Building the client and preparing its transport (SnapStart priming) open no connection and send nothing. */
class LazyTransportTest {
    private FinapiTestSupport t;

    @BeforeEach
    void setUp() throws Exception {
        t = new FinapiTestSupport();
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void buildTransport_whenCalled_sendsNothing() {
        FinapiClient client = FinapiClient.create(
                FinapiConfig.sandboxDefaults().withBaseUrls(t.server.baseUri(), t.server.baseUri()),
                () -> new ClientCredentials("id", "secret"),
                (m, p, s, d, r) -> {});

        client.buildTransport();

        assertThat(t.server.requests()).isEmpty();
    }
}
