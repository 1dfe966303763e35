package io.finport.finapi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Shared wiring for tests: a client pointed at a {@link FakeFinapiServer} for both Access and Web Form. */
final class FinapiTestSupport {

    static final String CLIENT_ID = "client-id";
    static final String CLIENT_SECRET = "s3cr&t=+ %/ä#";
    static final UserCredentials USER = new UserCredentials("user-1", "user-pass&word=1");
    static final String IBAN = "DE89370400440532013000";

    final FakeFinapiServer server;
    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    final AtomicInteger credentialLookups = new AtomicInteger();
    final FinapiClient client;

    FinapiTestSupport(Duration readTimeout) throws Exception {
        server = new FakeFinapiServer();
        FinapiConfig config = FinapiConfig.sandboxDefaults()
                .withBaseUrls(server.baseUri(), server.baseUri())
                .withTimeouts(Duration.ofSeconds(2), readTimeout);
        Supplier<ClientCredentials> credentials = () -> {
            credentialLookups.incrementAndGet();
            return new ClientCredentials(CLIENT_ID, CLIENT_SECRET);
        };
        client = new FinapiClient(config, credentials, clock);
    }

    FinapiTestSupport() throws Exception {
        this(Duration.ofSeconds(5));
    }

    /** Also fails the test when the client sent anything finAPI's contract does not define. */
    void close() {
        List<String> violations = server.contractViolations();
        server.close();
        if (!violations.isEmpty()) {
            throw new AssertionError("requests outside finAPI's contract:\n  " + String.join("\n  ", violations));
        }
    }

    static String bankConnectionJson(long id, String updateStatus) {
        return """
                {"id":%d,"name":"Girokonto","bank":{"id":277672,"name":"FinAPI Test Bank"},
                 "updateStatus":"%s","categorizationStatus":"READY","accountIds":[11,12]}""".formatted(id, updateStatus);
    }

    static String errorJson(String code, String message) {
        return """
                {"errors":[{"message":"%s","code":"%s","type":"BUSINESS"}],
                 "date":"2025-01-01T10:00:00.000+01:00","requestId":"x","endpoint":"e","authContext":"a"}""".formatted(message, code);
    }
}
