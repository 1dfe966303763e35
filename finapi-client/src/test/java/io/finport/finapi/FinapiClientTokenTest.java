package io.finport.finapi;

import static io.finport.finapi.FinapiTestSupport.CLIENT_SECRET;
import static io.finport.finapi.FinapiTestSupport.USER;
import static io.finport.finapi.FinapiTestSupport.bankConnectionJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finport.finapi.FakeFinapiServer.RecordedRequest;
import io.finport.finapi.FakeFinapiServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinapiClientTokenTest {

    private static final String CONNECTION_PATH = "/api/v2/bankConnections/7";

    private FinapiTestSupport t;

    @BeforeEach
    void setUp() throws Exception {
        t = new FinapiTestSupport();
        t.server.on("GET", CONNECTION_PATH, r -> Response.json(200, bankConnectionJson(7, "READY")));
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    @Test
    void userToken_whenManyRequests_fetchesTokenOnce() {
        for (int i = 0; i < 5; i++) {
            t.client.getBankConnection(USER, 7, "imp-1/check/" + i);
        }

        assertThat(t.server.tokenRequests()).hasSize(1);
        assertThat(t.server.requests("GET", CONNECTION_PATH))
                .extracting(r -> r.header("Authorization"))
                .containsOnly("Bearer user-token-1");
    }

    @Test
    void userToken_whenConcurrentFirstRequests_fetchesTokenOnce() throws Exception {
        // Slow token endpoint so all threads arrive while the first fetch is in flight.
        t.server.on(
                "POST",
                FakeFinapiServer.TOKEN_PATH,
                r -> Response.json(200, "{\"access_token\":\"shared\",\"expires_in\":3600}")
                        .delayedBy(200));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BankConnection>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String id = "imp-1/parallel/" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return t.client.getBankConnection(USER, 7, id);
                }));
            }
            start.countDown();
            for (Future<BankConnection> result : results) {
                assertThat(result.get().id()).isEqualTo(7L);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(t.server.tokenRequests()).hasSize(1);
    }

    @Test
    void clientToken_whenManyCreateUserCalls_fetchesClientTokenOnce() {
        t.server.on("POST", "/api/v2/users", r -> Response.json(201, "{\"id\":\"u\",\"password\":\"p\"}"));

        t.client.createUser("u1", "password1");
        t.client.createUser("u2", "password2");
        t.client.createUser("u3", "password3");

        assertThat(t.server.tokenRequests("client_credentials")).hasSize(1);
        assertThat(t.server.requests("POST", "/api/v2/users"))
                .extracting(r -> r.header("Authorization"))
                .containsOnly("Bearer client-token-1");
    }

    @Test
    void clientToken_whenExpired_fetchesNewToken() {
        t.server.on("POST", "/api/v2/users", r -> Response.json(201, "{\"id\":\"u\"}"));
        t.server.tokenExpiresIn = 3600;

        t.client.createUser("u1", "password1");
        t.clock.advance(Duration.ofMinutes(30));
        t.client.createUser("u2", "password2");
        t.clock.advance(Duration.ofMinutes(30));
        t.client.createUser("u3", "password3");

        assertThat(t.server.tokenRequests()).hasSize(2);
        assertThat(t.server.requests("POST", "/api/v2/users"))
                .extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer client-token-1", "Bearer client-token-1", "Bearer client-token-2");
    }

    @Test
    void clientToken_whenCloseToExpiry_renewsBeforeFinapiExpires() {
        t.server.on("POST", "/api/v2/users", r -> Response.json(201, "{\"id\":\"u\"}"));
        t.server.tokenExpiresIn = 3600;

        t.client.createUser("u1", "password1");
        t.clock.advance(Duration.ofSeconds(3600 - 30));
        t.client.createUser("u2", "password2");

        assertThat(t.server.tokenRequests()).hasSize(2);
    }

    @Test
    void clientToken_whenExpiresInZero_neverExpires() {
        t.server.on("POST", "/api/v2/users", r -> Response.json(201, "{\"id\":\"u\"}"));
        t.server.tokenExpiresIn = 0;

        t.client.createUser("u1", "password1");
        t.clock.advance(Duration.ofDays(400));
        t.client.createUser("u2", "password2");

        assertThat(t.server.tokenRequests()).hasSize(1);
    }

    @Test
    void userToken_whenExpired_usesRefreshTokenGrant() {
        t.client.getBankConnection(USER, 7, "imp-1/check/1");
        t.clock.advance(Duration.ofHours(2));
        t.client.getBankConnection(USER, 7, "imp-1/check/2");

        List<RecordedRequest> tokens = t.server.tokenRequests();
        assertThat(tokens).extracting(r -> r.form().get("grant_type")).containsExactly("password", "refresh_token");
        assertThat(tokens.get(1).form())
                .containsEntry("refresh_token", "refresh-token-1")
                .containsEntry("client_id", FinapiTestSupport.CLIENT_ID)
                .containsEntry("client_secret", CLIENT_SECRET)
                .doesNotContainKeys("username", "password");
        assertThat(t.server.requests("GET", CONNECTION_PATH).get(1).header("Authorization"))
                .isEqualTo("Bearer user-token-2");
    }

    @Test
    void userToken_whenRefreshTokenRejected_fallsBackToPasswordGrant() {
        t.client.getBankConnection(USER, 7, "imp-1/check/1");
        t.server.on(
                "POST",
                FakeFinapiServer.TOKEN_PATH,
                r -> "refresh_token".equals(r.form().get("grant_type"))
                        ? Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"expired\"}")
                        : Response.json(
                                200,
                                "{\"access_token\":\"from-password\",\"refresh_token\":\"r2\","
                                        + "\"expires_in\":3600}"));
        t.clock.advance(Duration.ofHours(2));

        t.client.getBankConnection(USER, 7, "imp-1/check/2");

        assertThat(t.server.tokenRequests())
                .extracting(r -> r.form().get("grant_type"))
                .containsExactly("password", "refresh_token", "password");
        assertThat(t.server.requests("GET", CONNECTION_PATH).get(1).header("Authorization"))
                .isEqualTo("Bearer from-password");
    }

    @Test
    void userToken_whenDifferentUsers_cachesTokensSeparately() {
        UserCredentials other = new UserCredentials("user-2", "other-password");

        t.client.getBankConnection(USER, 7, "a");
        t.client.getBankConnection(other, 7, "b");
        t.client.getBankConnection(USER, 7, "c");
        t.client.getBankConnection(other, 7, "d");

        assertThat(t.server.tokenRequests())
                .extracting(r -> r.form().get("username"))
                .containsExactly("user-1", "user-2");
        assertThat(t.server.requests("GET", CONNECTION_PATH))
                .extracting(r -> r.header("Authorization"))
                .containsExactly(
                        "Bearer user-token-1", "Bearer user-token-2", "Bearer user-token-1", "Bearer user-token-2");
    }

    @Test
    void request_when401Once_refreshesTokenOnceAndReplaysOnce() {
        t.server.onSequence(
                "GET",
                CONNECTION_PATH,
                Response.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"expired\"}"),
                Response.json(200, bankConnectionJson(7, "READY")));

        BankConnection connection = t.client.getBankConnection(USER, 7, "imp-1/check/1");

        assertThat(connection.id()).isEqualTo(7L);
        // The refresh token survives a rejected access token, so renewal needs no password.
        assertThat(t.server.tokenRequests())
                .extracting(r -> r.form().get("grant_type"))
                .containsExactly("password", "refresh_token");
        List<RecordedRequest> calls = t.server.requests("GET", CONNECTION_PATH);
        assertThat(calls)
                .extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer user-token-1", "Bearer user-token-2");
        assertThat(calls.get(0).header("X-Request-Id"))
                .isNotEqualTo(calls.get(1).header("X-Request-Id"));
    }

    @Test
    void request_when401OnPost_replaysSameBody() {
        t.server.onSequence(
                "POST",
                "/api/v2/bankConnections/update",
                Response.json(401, "{}"),
                Response.json(200, bankConnectionJson(7, "IN_PROGRESS")));

        t.client.updateBankConnection(USER, new UpdateRequest(7, "XS2A", null), "imp-1/update");

        List<RecordedRequest> calls = t.server.requests("POST", "/api/v2/bankConnections/update");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).body()).isEqualTo(calls.get(0).body()).contains("\"bankConnectionId\":7");
    }

    @Test
    void request_when401TwiceOnPost_throwsAuthenticationExceptionWithoutFinapisCode() {
        // A POST body is streamed (never resent by the JDK), and HttpURLConnection drops a streamed 401's body.
        t.server.on(
                "POST",
                "/api/v2/bankConnections/update",
                r -> Response.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"bad token\"}"));

        assertThatThrownBy(
                        () -> t.client.updateBankConnection(USER, new UpdateRequest(7, "XS2A", null), "imp-1/update"))
                .isInstanceOfSatisfying(FinapiAuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorCode()).isNull();
                    assertThat(e.endpoint()).isEqualTo("POST /api/v2/bankConnections/update");
                });
        assertThat(t.server.requests("POST", "/api/v2/bankConnections/update")).hasSize(2);
    }

    @Test
    void request_when401Twice_throwsAuthenticationException() {
        t.server.on(
                "GET",
                CONNECTION_PATH,
                r -> Response.json(401, "{\"error\":\"invalid_token\",\"error_description\":\"bad token\"}"));

        assertThatThrownBy(() -> t.client.getBankConnection(USER, 7, "imp-1/check/1"))
                .isInstanceOfSatisfying(FinapiAuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo("invalid_token");
                    assertThat(e.endpoint()).isEqualTo("GET /api/v2/bankConnections/{id}");
                    assertThat(e.getMessage()).doesNotContain("bad token");
                });
        assertThat(t.server.requests("GET", CONNECTION_PATH)).hasSize(2);
        assertThat(t.server.tokenRequests()).hasSize(2);
    }

    @Test
    void tokenRequest_whenSecretHasSpecialCharacters_isFormEncoded() {
        t.client.getBankConnection(USER, 7, "imp-1");

        RecordedRequest token = t.server.tokenRequests().get(0);
        assertThat(token.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(token.header("Authorization")).isNull();
        // Raw body must not contain the unescaped separators of the secret or password.
        assertThat(token.body())
                .doesNotContain(CLIENT_SECRET)
                .doesNotContain(USER.password())
                .contains("client_secret=s3cr%26t%3D%2B+%25%2F%C3%A4%23");
        assertThat(token.form())
                .containsEntry("grant_type", "password")
                .containsEntry("client_id", FinapiTestSupport.CLIENT_ID)
                .containsEntry("client_secret", CLIENT_SECRET)
                .containsEntry("username", USER.username())
                .containsEntry("password", USER.password());
    }

    @Test
    void tokenRequest_whenClientCredentialsRejected_throwsAuthenticationExceptionWithoutSecret() {
        t.server.on(
                "POST",
                FakeFinapiServer.TOKEN_PATH,
                r -> Response.json(
                        401,
                        "{\"error\":\"invalid_client\",\"error_description\":\"Bad client credentials " + CLIENT_SECRET
                                + "\"}"));

        assertThatThrownBy(() -> t.client.createUser("u1", "password1", "imp-1/user"))
                .isInstanceOfSatisfying(FinapiAuthenticationException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorCode()).isEqualTo("invalid_client");
                    assertThat(e.endpoint()).isEqualTo("POST /api/v2/oauth/token");
                    assertThat(e.finapiMessage()).startsWith("Bad client credentials");
                    assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET).doesNotContain("Bad client");
                    assertThat(e.toString()).doesNotContain(CLIENT_SECRET);
                });
        assertThat(t.server.requests("POST", "/api/v2/users")).isEmpty();
    }

    @Test
    void tokenRequest_whenServerError_throwsTransientException() {
        t.server.on("POST", FakeFinapiServer.TOKEN_PATH, r -> Response.html(502, "<html>Bad Gateway</html>"));

        assertThatThrownBy(() -> t.client.getBankConnection(USER, 7, "imp-1"))
                .isInstanceOfSatisfying(
                        FinapiTransientException.class,
                        e -> assertThat(e.endpoint()).isEqualTo("POST /api/v2/oauth/token"));
    }

    @Test
    void tokenRequest_when200WithoutAccessToken_throwsResponseException() {
        t.server.on(
                "POST",
                FakeFinapiServer.TOKEN_PATH,
                r -> Response.json(200, "{\"token_type\":\"bearer\",\"expires_in\":3600}"));

        assertThatThrownBy(() -> t.client.getBankConnection(USER, 7, "imp-1"))
                .isInstanceOfSatisfying(
                        FinapiResponseException.class,
                        e -> assertThat(e.problem()).isEqualTo("missing field access_token"));
        assertThat(t.server.requests("GET", CONNECTION_PATH)).isEmpty();
    }

    @Test
    void create_whenDefaultHttpClient_talksToServer() {
        FinapiClient defaults = FinapiClient.create(
                FinapiConfig.sandboxDefaults().withBaseUrls(t.server.baseUri(), t.server.baseUri()),
                () -> new ClientCredentials("id", "secret"));

        BankConnection connection = defaults.getBankConnection(USER, 7, "imp-1");

        assertThat(connection.id()).isEqualTo(7L);
        assertThat(t.server.tokenRequests().get(0).form()).containsEntry("client_secret", "secret");
    }

    @Test
    void credentialsSupplier_whenTokenCached_isNotCalledAgain() {
        assertThat(t.credentialLookups).hasValue(0);

        t.client.getBankConnection(USER, 7, "a");
        t.client.getBankConnection(USER, 7, "b");

        assertThat(t.credentialLookups).hasValue(1);
    }

    @Test
    void invalidateTokens_whenCalled_fetchesFreshTokens() {
        t.client.getBankConnection(USER, 7, "a");

        t.client.invalidateTokens();
        t.client.getBankConnection(USER, 7, "b");

        // A full new login, not a refresh: a restored snapshot may hold tokens revoked meanwhile.
        assertThat(t.server.tokenRequests())
                .extracting(r -> r.form().get("grant_type"))
                .containsExactly("password", "password");
        assertThat(t.server.requests("GET", CONNECTION_PATH).get(1).header("Authorization"))
                .isEqualTo("Bearer user-token-2");
    }
}
