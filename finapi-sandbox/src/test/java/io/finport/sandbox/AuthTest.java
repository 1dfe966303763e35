package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:15:30.123Z"));
    private FinapiSandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = FinapiSandbox.start(SandboxOptions.defaults()
                .withClock(clock)
                .withTokenLifetime(Duration.ofMinutes(5))
                .withLogRequests(false));
        client = new SandboxClient(sandbox.baseUrl());
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void token_whenClientCredentials_returnsBearerTokenWithoutRefreshToken() throws Exception {
        JsonNode token = client.token(Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        "sandbox-client-id",
                        "client_secret",
                        "sandbox-client-secret"))
                .json();

        assertThat(token.get("access_token").asText()).isNotBlank();
        assertThat(token.get("token_type").asText()).isEqualTo("bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(300);
        assertThat(token.get("scope").asText()).isEqualTo("all");
        assertThat(token.has("refresh_token")).isFalse();
    }

    @Test
    void token_whenBadClientSecret_answers401InvalidClient() throws Exception {
        SandboxClient.Response r = client.token(
                Map.of("grant_type", "client_credentials", "client_id", "sandbox-client-id", "client_secret", "wrong"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(r.json().get("error_description").asText()).isNotBlank();
    }

    @Test
    void token_whenCustomClientConfigured_rejectsDefaultCredentials() throws Exception {
        try (FinapiSandbox custom = FinapiSandbox.start(
                SandboxOptions.defaults().withClient("my-id", "my-secret").withLogRequests(false))) {
            SandboxClient c = new SandboxClient(custom.baseUrl());

            assertThat(c.token(Map.of(
                                    "grant_type",
                                    "client_credentials",
                                    "client_id",
                                    "sandbox-client-id",
                                    "client_secret",
                                    "sandbox-client-secret"))
                            .status())
                    .isEqualTo(401);
            assertThat(c.token(Map.of(
                                    "grant_type",
                                    "client_credentials",
                                    "client_id",
                                    "my-id",
                                    "client_secret",
                                    "my-secret"))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void token_whenPasswordGrantWithWrongPassword_answers400InvalidGrant() throws Exception {
        client.newUserToken("alice");

        SandboxClient.Response r = client.token(Map.of(
                "grant_type",
                "password",
                "client_id",
                "sandbox-client-id",
                "client_secret",
                "sandbox-client-secret",
                "username",
                "alice",
                "password",
                "nope-nope"));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void token_whenRefreshGrant_issuesWorkingAccessToken() throws Exception {
        JsonNode first = client.newUserToken("bob");
        assertThat(first.get("refresh_token").asText()).isNotBlank();

        JsonNode refreshed = client.token(Map.of(
                        "grant_type",
                        "refresh_token",
                        "client_id",
                        "sandbox-client-id",
                        "client_secret",
                        "sandbox-client-secret",
                        "refresh_token",
                        first.get("refresh_token").asText()))
                .json();

        assertThat(refreshed.get("access_token").asText())
                .isNotEqualTo(first.get("access_token").asText());
        assertThat(client.get("/api/v2/users", refreshed.get("access_token").asText())
                        .json()
                        .get("id")
                        .asText())
                .isEqualTo("bob");
        assertThat(client.token(Map.of(
                                "grant_type",
                                "refresh_token",
                                "client_id",
                                "sandbox-client-id",
                                "client_secret",
                                "sandbox-client-secret",
                                "refresh_token",
                                "bogus"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void apiCall_whenTokenLifetimePassed_answers401InvalidToken() throws Exception {
        String token = client.userToken();
        assertThat(client.get("/api/v2/users", token).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(5));
        SandboxClient.Response r = client.get("/api/v2/users", token);

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void apiCall_whenMissingOrUnknownToken_answers401() throws Exception {
        assertThat(client.get("/api/v2/users", null).status()).isEqualTo(401);
        assertThat(client.get("/api/v2/users", "not-a-token")
                        .json()
                        .get("error")
                        .asText())
                .isEqualTo("invalid_token");
    }

    @Test
    void apiCall_whenScenarioLimitsTokenUses_rejectsTokenAfterLimit() throws Exception {
        String token = client.userToken();
        sandbox.register("""
        {"name":"limit","type":"UPDATE","auth":{"tokenValidRequests":2},"accounts":[{"status":"UPDATED"}]}""");

        assertThat(client.get("/api/v2/users", token).status()).isEqualTo(200);
        assertThat(client.get("/api/v2/users", token).status()).isEqualTo(200);
        assertThat(client.get("/api/v2/users", token).status()).isEqualTo(401);
        assertThat(client.get("/api/v2/users", client.userToken()).status()).isEqualTo(200);
    }

    @Test
    void userEndpoint_whenCalledWithClientToken_answers403Forbidden() throws Exception {
        SandboxClient.Response r = client.get("/api/v2/accounts", client.clientToken());

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().at("/errors/0/code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void createUser_whenIdExists_answers422EntityExists() throws Exception {
        String clientToken = client.clientToken();
        SandboxClient.Response created = client.postJson(
                "/api/v2/users",
                clientToken,
                "{\"id\":\"carol\",\"password\":\"secret-123\",\"email\":\"carol@example.com\"}");
        SandboxClient.Response again = client.postJson("/api/v2/users", clientToken, "{\"id\":\"carol\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("password").asText()).isEqualTo("secret-123");
        assertThat(created.json().get("email").asText()).isEqualTo("carol@example.com");
        assertThat(created.json().get("isAutoUpdateEnabled").asBoolean(true)).isFalse();
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().at("/errors/0/code").asText()).isEqualTo("ENTITY_EXISTS");
        assertThat(again.json().get("endpoint").asText()).isEqualTo("POST /api/v2/users");
    }

    @Test
    void createUser_whenNoIdGiven_generatesIdAndPassword() throws Exception {
        JsonNode user =
                client.postJson("/api/v2/users", client.clientToken(), "{}").json();

        assertThat(user.get("id").asText()).isNotBlank();
        assertThat(user.get("password").asText()).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void anyResponse_whenRequestIdSent_echoesIt_elseGeneratesSelfgen() throws Exception {
        SandboxClient.Response echoed = client.send(client.request("/api/v2/users")
                .header("X-Request-Id", "abc-123")
                .GET());
        SandboxClient.Response generated = client.get("/api/v2/users", null);

        assertThat(echoed.header("X-Request-Id")).isEqualTo("abc-123");
        assertThat(generated.header("X-Request-Id")).startsWith("selfgen-");
    }

    @Test
    void errorBody_whenBusinessError_hasFinapiErrorMessageShapeWithV2Date() throws Exception {
        SandboxClient.Response r = client.send(client.request("/api/v2/accounts/999999999")
                .header("Authorization", "Bearer " + client.userToken())
                .header("X-Request-Id", "req-1")
                .GET());

        JsonNode body = r.json();
        assertThat(r.status()).isEqualTo(404);
        assertThat(body.at("/errors/0/code").asText()).isEqualTo("UNKNOWN_ENTITY");
        assertThat(body.at("/errors/0/type").asText()).isEqualTo("BUSINESS");
        assertThat(body.get("requestId").asText()).isEqualTo("req-1");
        assertThat(body.get("endpoint").asText()).isEqualTo("GET /api/v2/accounts/999999999");
        assertThat(body.get("authContext").asText()).startsWith("sandbox-client-id/");
        assertThat(body.has("bank")).isTrue();
        // 09:15:30.123Z is 10:15:30.123 in Berlin (CET).
        assertThat(body.get("date").asText()).isEqualTo("2026-11-24T10:15:30.123+01:00");
    }

    /** A clock tests can move forward. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
