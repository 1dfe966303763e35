package io.finport.finapi;

import static io.finport.finapi.FinapiTestSupport.CLIENT_SECRET;
import static io.finport.finapi.FinapiTestSupport.IBAN;
import static io.finport.finapi.FinapiTestSupport.USER;
import static io.finport.finapi.FinapiTestSupport.errorJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.finport.finapi.FakeFinapiServer.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinapiClientErrorMappingTest {

    private static final String UPDATE = "/api/v2/bankConnections/update";
    private static final String FINAPI_TEXT = "Konto " + IBAN + " gesperrt fuer Max Mustermann";

    private FinapiTestSupport t;

    @BeforeEach
    void setUp() throws Exception {
        t = new FinapiTestSupport(Duration.ofMillis(400));
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private FinapiException updateFailure(Response response) {
        t.server.on("POST", UPDATE, r -> response);
        return catchThrowableOfType(
                FinapiException.class,
                () -> t.client.updateBankConnection(USER, new UpdateRequest(7, "XS2A", false), "imp-1/update"));
    }

    @Test
    void update_when423_throwsBankConnectionLockedException() {
        FinapiException e = updateFailure(Response.json(423, errorJson("LOCKED", FINAPI_TEXT)));

        assertThat(e).isExactlyInstanceOf(BankConnectionLockedException.class);
        assertThat(e.httpStatus()).isEqualTo(423);
        assertThat(e.errorCode()).isEqualTo("LOCKED");
        assertThat(e.endpoint()).isEqualTo("POST /api/v2/bankConnections/update");
        assertThat(e.requestId()).isEqualTo("imp-1/update#2");
        assertThat(e.finapiMessage()).isEqualTo(FINAPI_TEXT);
    }

    @Test
    void createUser_when422EntityExists_throwsBusinessExceptionWithCode() {
        t.server.on(
                "POST",
                "/api/v2/users",
                r -> Response.json(422, errorJson("ENTITY_EXISTS", "User with id 'u1' already exists")));

        FinapiBusinessException e =
                catchThrowableOfType(FinapiBusinessException.class, () -> t.client.createUser("u1", "password1"));

        assertThat(e).isExactlyInstanceOf(FinapiBusinessException.class);
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.errorCode()).isEqualTo("ENTITY_EXISTS");
        assertThat(e.endpoint()).isEqualTo("POST /api/v2/users");
    }

    @Test
    void update_when422InvalidConsent_throwsUserActionRequired() {
        FinapiException e = updateFailure(Response.json(422, errorJson("INVALID_CONSENT", FINAPI_TEXT)));

        assertThat(e).isInstanceOfSatisfying(UserActionRequiredException.class, u -> {
            assertThat(u.reason()).isEqualTo("INVALID_CONSENT");
            assertThat(u.multiStepAuthenticationStatus()).isNull();
            assertThat(u.httpStatus()).isEqualTo(422);
        });
    }

    @Test
    void update_when422OtherCode_throwsBusinessException() {
        FinapiException e = updateFailure(Response.json(422, errorJson("BANK_SERVER_REJECTION", FINAPI_TEXT)));

        assertThat(e).isExactlyInstanceOf(FinapiBusinessException.class);
        assertThat(e.errorCode()).isEqualTo("BANK_SERVER_REJECTION");
    }

    @Test
    void update_when510_throwsUserActionRequiredWithMultiStepStatus() {
        FinapiException e = updateFailure(Response.json(510, """
                {"errors":[{"message":"SCA needed","code":"ADDITIONAL_AUTHENTICATION_REQUIRED","type":"BUSINESS",
                  "multiStepAuthentication":{"hash":"abc","status":"REDIRECT_REQUIRED",
                  "redirectUrl":"https://bank/redirect"}}]}"""));

        assertThat(e).isInstanceOfSatisfying(UserActionRequiredException.class, u -> {
            assertThat(u.reason()).isEqualTo("MULTI_STEP_AUTHENTICATION:REDIRECT_REQUIRED");
            assertThat(u.multiStepAuthenticationStatus()).isEqualTo("REDIRECT_REQUIRED");
            assertThat(u.errorCode()).isEqualTo("ADDITIONAL_AUTHENTICATION_REQUIRED");
            assertThat(u.getMessage())
                    .contains("reason=MULTI_STEP_AUTHENTICATION:REDIRECT_REQUIRED")
                    .doesNotContain("https://bank/redirect");
        });
    }

    @Test
    void update_whenWebFormRequiredOn400_throwsUserActionRequired() {
        FinapiException e = updateFailure(Response.json(400, errorJson("WEB_FORM_REQUIRED", FINAPI_TEXT)));

        assertThat(e)
                .isInstanceOfSatisfying(
                        UserActionRequiredException.class,
                        u -> assertThat(u.reason()).isEqualTo("WEB_FORM_REQUIRED"));
    }

    @Test
    void getBankConnection_when404_throwsBusinessException() {
        t.server.on("GET", "/api/v2/bankConnections/99", r -> Response.json(404, errorJson("UNKNOWN_ENTITY", "x")));

        FinapiBusinessException e = catchThrowableOfType(
                FinapiBusinessException.class, () -> t.client.getBankConnection(USER, 99, "imp-1/check"));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo("UNKNOWN_ENTITY");
        assertThat(e.endpoint()).isEqualTo("GET /api/v2/bankConnections/{id}");
        assertThat(e.getMessage()).doesNotContain("/99");
    }

    @Test
    void update_when501_throwsBusinessException() {
        FinapiException e = updateFailure(Response.json(501, errorJson("UNSUPPORTED_BANK", FINAPI_TEXT)));

        assertThat(e).isExactlyInstanceOf(FinapiBusinessException.class);
        assertThat(e.httpStatus()).isEqualTo(501);
    }

    @Test
    void update_when500_throwsTransientWithCode() {
        FinapiException e = updateFailure(Response.json(500, errorJson("UNEXPECTED_ERROR", FINAPI_TEXT)));

        assertThat(e).isInstanceOfSatisfying(FinapiTransientException.class, tr -> {
            assertThat(tr.httpStatus()).isEqualTo(500);
            assertThat(tr.errorCode()).isEqualTo("UNEXPECTED_ERROR");
            assertThat(tr.retryAfter()).isNull();
        });
    }

    @Test
    void update_when503WithHtmlBody_throwsTransient() {
        FinapiException e = updateFailure(Response.html(503, "<html><body><h1>503 Service Unavailable</h1>"));

        assertThat(e).isExactlyInstanceOf(FinapiTransientException.class);
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.errorCode()).isNull();
        assertThat(e.getCause()).isNull();
    }

    @Test
    void update_when502WithJsonArrayBody_throwsTransient() {
        FinapiException e = updateFailure(Response.json(502, "[\"not\",\"an\",\"error object\"]"));

        assertThat(e).isExactlyInstanceOf(FinapiTransientException.class);
    }

    @Test
    void update_when429WithRetryAfterSeconds_exposesRetryAfter() {
        FinapiException e = updateFailure(Response.json(429, "{}").withHeader("Retry-After", "30"));

        assertThat(e).isInstanceOfSatisfying(FinapiTransientException.class, tr -> {
            assertThat(tr.httpStatus()).isEqualTo(429);
            assertThat(tr.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            assertThat(tr.getMessage()).contains("retryAfter=PT30S");
        });
    }

    @Test
    void update_when429WithRetryAfterDate_computesDelayFromClock() {
        // The test clock stands at 2025-01-01T10:00:00Z.
        FinapiException e =
                updateFailure(Response.json(429, "{}").withHeader("Retry-After", "Wed, 01 Jan 2025 10:02:00 GMT"));

        assertThat(((FinapiTransientException) e).retryAfter()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void update_when429WithGarbageRetryAfter_hasNoRetryAfter() {
        FinapiException e = updateFailure(Response.json(429, "{}").withHeader("Retry-After", "soon-ish"));

        assertThat(e)
                .isInstanceOfSatisfying(
                        FinapiTransientException.class,
                        tr -> assertThat(tr.retryAfter()).isNull());
    }

    @Test
    void update_whenConnectionDropped_throwsTransientWithCause() {
        FinapiException e = updateFailure(Response.dropConnection());

        assertThat(e).isExactlyInstanceOf(FinapiTransientException.class);
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getCause()).isInstanceOf(IOException.class);
        // Sent once: the transport never resends a request that may have changed something at finAPI.
        assertThat(t.server.requests("POST", UPDATE)).hasSize(1);
    }

    @Test
    void update_whenServerSlowerThanReadTimeout_throwsTransientQuickly() {
        long started = System.nanoTime();

        FinapiException e = updateFailure(Response.json(200, "{\"id\":7}").delayedBy(3_000));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        assertThat(e).isExactlyInstanceOf(FinapiTransientException.class);
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
    }

    @Test
    void anyCall_whenNothingListens_throwsTransient() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + freePort);
        FinapiClient client = new FinapiClient(
                FinapiConfig.sandboxDefaults().withBaseUrls(dead, dead),
                () -> new ClientCredentials("id", "secret"),
                Clock.systemUTC());

        assertThatThrownBy(() -> client.getBankConnection(USER, 7, "imp-1"))
                .isExactlyInstanceOf(FinapiTransientException.class)
                .satisfies(e -> assertThat(((FinapiException) e).endpoint()).isEqualTo("POST /api/v2/oauth/token"));
    }

    @Test
    void getBankConnection_when200BodyMalformed_throwsResponseExceptionWithoutContent() {
        t.server.on(
                "GET",
                "/api/v2/bankConnections/7",
                r -> Response.json(200, "{\"id\":7,\"name\":\"" + IBAN + "\",\"accountIds\":[1,"));

        FinapiResponseException e = catchThrowableOfType(
                FinapiResponseException.class, () -> t.client.getBankConnection(USER, 7, "imp-1/check"));

        assertThat(e.httpStatus()).isEqualTo(200);
        assertThat(e.problem()).isEqualTo("body is not valid JSON");
        assertThat(e.getCause()).isNull();
        assertThat(e.getMessage()).doesNotContain(IBAN);
    }

    @Test
    void getBankConnection_when200BodyIsHtml_throwsResponseException() {
        t.server.on("GET", "/api/v2/bankConnections/7", r -> Response.html(200, "<html>maintenance</html>"));

        assertThatThrownBy(() -> t.client.getBankConnection(USER, 7, "imp-1/check"))
                .isExactlyInstanceOf(FinapiResponseException.class);
    }

    @Test
    void getBankConnection_when200WithoutId_throwsResponseException() {
        t.server.on("GET", "/api/v2/bankConnections/7", r -> Response.json(200, "{\"updateStatus\":\"READY\"}"));

        FinapiResponseException e = catchThrowableOfType(
                FinapiResponseException.class, () -> t.client.getBankConnection(USER, 7, "imp-1/check"));

        assertThat(e.problem()).isEqualTo("missing field id");
    }

    @Test
    void getAccounts_when200FieldHasWrongType_throwsResponseExceptionWithoutValue() {
        t.server.on(
                "GET",
                "/api/v2/accounts",
                r -> Response.json(200, "{\"accounts\":[{\"id\":1,\"balance\":\"" + IBAN + "\"}]}"));

        FinapiResponseException e = catchThrowableOfType(
                FinapiResponseException.class, () -> t.client.getAccounts(USER, List.of(1L), "imp-1/accounts"));

        assertThat(e.problem()).isEqualTo("body does not match Account");
        assertThat(e.getCause()).isNull();
        assertThat(e.getMessage()).doesNotContain(IBAN);
    }

    @Test
    void exceptionMessages_whenFinapiTextCarriesPersonalData_containOnlyStructuredFields() {
        List<Response> failures = List.of(
                Response.json(400, errorJson("BAD_REQUEST", FINAPI_TEXT + " " + CLIENT_SECRET)),
                Response.json(422, errorJson("INVALID_CONSENT", FINAPI_TEXT)),
                Response.json(423, errorJson("LOCKED", FINAPI_TEXT)),
                Response.json(500, errorJson("UNEXPECTED_ERROR", FINAPI_TEXT)),
                Response.json(510, errorJson("ADDITIONAL_AUTHENTICATION_REQUIRED", FINAPI_TEXT)),
                // A "code" that is really free text must not sneak into the message either.
                Response.json(422, errorJson("Konto " + IBAN, FINAPI_TEXT)));

        for (Response failure : failures) {
            FinapiException e = updateFailure(failure);

            assertThat(e.finapiMessage()).contains(IBAN);
            assertThat(e.getMessage())
                    .as("status %d", failure.status())
                    .doesNotContain(IBAN)
                    .doesNotContain("Mustermann")
                    .doesNotContain(CLIENT_SECRET)
                    .doesNotContain("Bearer")
                    .doesNotContain("user-token")
                    .contains("endpoint=POST /api/v2/bankConnections/update")
                    .contains("status=" + failure.status());
            assertThat(e.toString()).doesNotContain(IBAN);
        }
    }
}
