package io.finport.finapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Thread-safe client for finAPI Access V2 and Web Form 2.0.
 *
 * <p>Tokens are cached per client and per user until shortly before they expire. A 401 on an API call invalidates
 * the token, fetches a new one and replays the request once; the client never retries anything else (the workflow
 * owns retries, so it can see and bound them).
 *
 * <p>Every physical request carries {@code X-Request-Id: <requestId>#<n>}, where n counts the requests of one
 * operation call (token calls included).
 */
public final class FinapiClient {

    /** finAPI accepts at most this many ids per {@code ids=} query parameter. */
    static final int MAX_IDS_PER_CALL = 1000;
    /** Bounds the per-user token cache of a long-lived Lambda instance. */
    static final int MAX_CACHED_USERS = 1000;

    private static final Duration MAX_EXPIRY_MARGIN = Duration.ofSeconds(60);
    private static final Pattern WEB_FORM_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final FinapiConfig config;
    private final FinapiCallLog callLog;
    private final Supplier<ClientCredentials> credentials;
    private final Supplier<HttpClient> http;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final FinapiErrors errors;
    private final RequestBodies bodies;
    private final TokenSlot clientSlot = new TokenSlot();
    private final ConcurrentHashMap<String, TokenSlot> userSlots = new ConcurrentHashMap<>();

    public FinapiClient(FinapiConfig config, Supplier<ClientCredentials> credentials, HttpClient http, Clock clock) {
        this(config, credentials, http, clock, FinapiCallLog.SYSTEM_LOGGER);
    }

    /** @param callLog where each exchange's summary goes (e.g. the caller's own structured log) */
    public FinapiClient(
            FinapiConfig config,
            Supplier<ClientCredentials> credentials,
            HttpClient http,
            Clock clock,
            FinapiCallLog callLog) {
        this(config, credentials, singleton(Objects.requireNonNull(http, "http")), clock, callLog);
    }

    /** The HTTP client is asked for at the first exchange (a function that never calls finAPI never builds it). */
    private FinapiClient(
            FinapiConfig config,
            Supplier<ClientCredentials> credentials,
            Supplier<HttpClient> http,
            Clock clock,
            FinapiCallLog callLog) {
        this.callLog = Objects.requireNonNull(callLog, "callLog");
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = http;
        this.clock = Objects.requireNonNull(clock, "clock");
        // Responses go through a JsonNode tree first; keep amounts exact (and their scale) on that detour.
        this.mapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        this.errors = new FinapiErrors(mapper, clock);
        this.bodies = new RequestBodies(mapper);
    }

    /** Builds a client with a default {@link HttpClient} (connect timeout from the config, no redirects). */
    public static FinapiClient create(FinapiConfig config, Supplier<ClientCredentials> credentials) {
        return create(config, credentials, FinapiCallLog.SYSTEM_LOGGER);
    }

    /** As {@link #create(FinapiConfig, Supplier)}, reporting each exchange to {@code callLog}. */
    public static FinapiClient create(
            FinapiConfig config, Supplier<ClientCredentials> credentials, FinapiCallLog callLog) {
        return new FinapiClient(config, credentials, new LazyHttpClient(config), Clock.systemUTC(), callLog);
    }

    private static Supplier<HttpClient> singleton(HttpClient http) {
        return () -> http;
    }

    /** Builds the HTTP client now, opening no connection (SnapStart priming: a restored sandbox starts with it). */
    public void buildTransport() {
        http.get();
    }

    /** Drops all cached tokens, e.g. after a Lambda SnapStart restore where cached tokens may be stale. */
    public void invalidateTokens() {
        clientSlot.token = null;
        userSlots.values().forEach(slot -> slot.token = null);
        userSlots.clear();
    }

    /**
     * {@code POST /api/v2/users} with the client token.
     *
     * @param userId   1..36 characters of {@code 0-9 A-Z a-z - _ . + @}; null lets finAPI generate one
     * @param password 6..128 characters; null lets finAPI generate one
     * @throws FinapiBusinessException with errorCode ENTITY_EXISTS (422) when the user already exists
     */
    public User createUser(String userId, String password, String requestId) {
        RequestIdSequence ids = new RequestIdSequence(requestId);
        Call call =
                new Call(Endpoint.CREATE_USER, accessUri("/api/v2/users"), bodies.createUser(userId, password), null);
        Exchange result = execute(call, ids);
        User user = convert(result, User.class);
        if (user.id() == null) {
            throw missingField(result, "id");
        }
        return user;
    }

    /** As {@link #createUser(String, String, String)} with a request id derived from the user id. */
    public User createUser(String userId, String password) {
        return createUser(userId, password, "create-user-" + (userId == null ? "generated" : userId));
    }

    /** {@code DELETE /api/v2/users} with the user's own token: deletes that finAPI user and all its data. */
    public void deleteUser(UserCredentials user, String requestId) {
        Objects.requireNonNull(user, "user");
        execute(
                new Call(Endpoint.DELETE_USER, accessUri("/api/v2/users"), null, user),
                new RequestIdSequence(requestId));
    }

    /** {@code POST {webForm}/api/webForms/bankConnectionImport} with the user's token; returns the form (201). */
    public WebForm createBankConnectionImportWebForm(
            UserCredentials user, WebFormImportRequest request, String requestId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(request, "request");
        RequestIdSequence ids = new RequestIdSequence(requestId);
        Call call = new Call(
                Endpoint.CREATE_IMPORT_WEB_FORM,
                webFormUri("/api/webForms/bankConnectionImport"),
                bodies.webFormImport(request),
                user);
        Exchange result = execute(call, ids);
        WebForm form = convert(result, WebForm.class);
        if (form.id() == null) {
            throw missingField(result, "id");
        }
        if (form.url() == null) {
            throw missingField(result, "url");
        }
        return form;
    }

    /** {@code GET {webForm}/api/webForms/{id}} with the user's token. */
    public WebForm getWebForm(UserCredentials user, String webFormId, String requestId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(webFormId, "webFormId");
        if (!WEB_FORM_ID.matcher(webFormId).matches()) {
            throw new IllegalArgumentException("webFormId has unexpected characters");
        }
        RequestIdSequence ids = new RequestIdSequence(requestId);
        Call call = new Call(Endpoint.GET_WEB_FORM, webFormUri("/api/webForms/" + webFormId), null, user);
        Exchange result = execute(call, ids);
        WebForm form = convert(result, WebForm.class);
        if (form.id() == null) {
            throw missingField(result, "id");
        }
        return form;
    }

    /**
     * {@code POST /api/v2/bankConnections/update} (mandators with their own licence; others use
     * {@link FinapiTasks#startBackgroundUpdate}). With {@link UpdateRequest#psu()} it sends the PSU-* headers.
     *
     * @throws BankConnectionLockedException when an import or update of the connection is already running (423)
     * @throws UserActionRequiredException   on 510 (SCA), WEB_FORM_REQUIRED or INVALID_CONSENT
     */
    public BankConnection updateBankConnection(UserCredentials user, UpdateRequest request, String requestId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(request, "request");
        RequestIdSequence ids = new RequestIdSequence(requestId);
        Call call = new Call(
                Endpoint.UPDATE_BANK_CONNECTION,
                accessUri("/api/v2/bankConnections/update"),
                bodies.update(request),
                user,
                psuHeaders(request.psu()));
        return requireId(execute(call, ids));
    }

    /** {@code GET /api/v2/bankConnections/{id}}. */
    public BankConnection getBankConnection(UserCredentials user, long id, String requestId) {
        Objects.requireNonNull(user, "user");
        RequestIdSequence ids = new RequestIdSequence(requestId);
        Call call = new Call(Endpoint.GET_BANK_CONNECTION, accessUri("/api/v2/bankConnections/" + id), null, user);
        return requireId(execute(call, ids));
    }

    /**
     * {@code GET /api/v2/accounts?ids=...}, in batches of at most 1000 ids (finAPI's limit); results are concatenated
     * in batch order. An empty id list makes no call.
     */
    public List<Account> getAccounts(UserCredentials user, List<Long> accountIds, String requestId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(accountIds, "accountIds");
        RequestIdSequence ids = new RequestIdSequence(requestId);
        if (accountIds.isEmpty()) {
            return List.of();
        }
        List<Account> all = new ArrayList<>(accountIds.size());
        for (int from = 0; from < accountIds.size(); from += MAX_IDS_PER_CALL) {
            List<Long> batch = accountIds.subList(from, Math.min(accountIds.size(), from + MAX_IDS_PER_CALL));
            String query = batch.stream()
                    .map(id -> Long.toString(Objects.requireNonNull(id, "account id")))
                    .collect(Collectors.joining(","));
            Call call = new Call(Endpoint.GET_ACCOUNTS, accessUri("/api/v2/accounts?ids=" + query), null, user);
            Exchange result = execute(call, ids);
            JsonNode accounts = result.json().get("accounts");
            if (accounts == null || !accounts.isArray()) {
                throw missingField(result, "accounts");
            }
            for (JsonNode node : accounts) {
                Account account = convert(result, node, Account.class);
                if (account.id() == null) {
                    throw missingField(result, "accounts[].id");
                }
                all.add(account);
            }
        }
        return List.copyOf(all);
    }

    /**
     * One Web Form 2.0 call with the user's token, for the other operation classes of this package
     * ({@link FinapiTasks}); fails with {@link FinapiResponseException} when a required field is missing.
     */
    <T> T webFormCall(
            Endpoint endpoint,
            String path,
            JsonNode body,
            UserCredentials user,
            String requestId,
            Class<T> type,
            String... requiredFields) {
        Exchange result = execute(new Call(endpoint, webFormUri(path), body, user), new RequestIdSequence(requestId));
        for (String field : requiredFields) {
            if (result.json().path(field).isMissingNode()
                    || result.json().path(field).isNull()) {
                throw missingField(result, field);
            }
        }
        return convert(result, type);
    }

    private static Map<String, String> psuHeaders(PsuMetadata psu) {
        if (psu == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        // finAPI forwards these to the bank: the update counts as one the user is present for.
        putIfPresent(headers, "PSU-IP-Address", psu.ipAddress());
        putIfPresent(headers, "PSU-User-Agent", psu.userAgent());
        putIfPresent(headers, "PSU-Device-OS", psu.deviceOs());
        return headers;
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isBlank()) {
            headers.put(name, value);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Request execution

    /** One logical API request; {@code user == null} means it runs with the client token. */
    private record Call(Endpoint endpoint, URI uri, JsonNode body, UserCredentials user, Map<String, String> headers) {
        Call(Endpoint endpoint, URI uri, JsonNode body, UserCredentials user) {
            this(endpoint, uri, body, user, Map.of());
        }
    }

    /** A successful response with its parsed JSON object and the request id it was sent with. */
    private record Exchange(Endpoint endpoint, int status, String requestId, JsonNode json) {}

    private record RawResponse(int status, HttpHeaders headers, byte[] body) {}

    private Exchange execute(Call call, RequestIdSequence ids) {
        byte[] body = call.body() == null ? null : serialize(call.body());
        String token = accessToken(call.user(), ids);
        String requestId = ids.next();
        RawResponse response = send(apiRequest(call, body, token), call.endpoint(), requestId);
        if (response.status() == 401) {
            // Expired or revoked token: renew once and replay once. Safe for POSTs because 401 means not processed.
            invalidate(call.user(), token);
            token = accessToken(call.user(), ids);
            requestId = ids.next();
            response = send(apiRequest(call, body, token), call.endpoint(), requestId);
            if (response.status() == 401) {
                ErrorBody error = ErrorBody.parse(mapper, response.body());
                throw new FinapiAuthenticationException(
                        401, error.code(), call.endpoint().toString(), requestId, error.message());
            }
        }
        if (response.status() / 100 != 2) {
            throw errors.map(response.status(), response.headers(), response.body(), call.endpoint(), requestId);
        }
        return new Exchange(
                call.endpoint(), response.status(), requestId, parseObject(response, call.endpoint(), requestId));
    }

    private HttpRequest.Builder apiRequest(Call call, byte[] body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(call.uri()).header("Authorization", "Bearer " + token);
        call.headers().forEach(builder::header);
        if (body != null) {
            builder.header("Content-Type", "application/json")
                    .method(call.endpoint().method(), HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            builder.method(call.endpoint().method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder;
    }

    private RawResponse send(HttpRequest.Builder builder, Endpoint endpoint, String requestId) {
        HttpRequest request = builder.header("X-Request-Id", requestId)
                .header("Accept", "application/json")
                .timeout(config.readTimeout())
                .build();
        long started = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.get().send(request, HttpResponse.BodyHandlers.ofByteArray());
            log(endpoint, Integer.toString(response.statusCode()), started, requestId);
            return new RawResponse(response.statusCode(), response.headers(), response.body());
        } catch (HttpTimeoutException e) {
            log(endpoint, "timeout", started, requestId);
            throw new FinapiTransientException(0, null, endpoint.toString(), requestId, null, null, e);
        } catch (IOException e) {
            log(endpoint, "io_error", started, requestId);
            throw new FinapiTransientException(0, null, endpoint.toString(), requestId, null, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FinapiTransientException(0, null, endpoint.toString(), requestId, null, null, e);
        }
    }

    private void log(Endpoint endpoint, String status, long startedNanos, String requestId) {
        long millis = Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
        callLog.exchanged(endpoint.method(), endpoint.pathTemplate(), status, millis, requestId);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // JSON

    private byte[] serialize(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize request body", e);
        }
    }

    // Jackson exceptions are never attached as causes: their messages can quote response content (IBANs, names).
    private JsonNode parseObject(RawResponse response, Endpoint endpoint, String requestId) {
        if (response.body() == null || response.body().length == 0) {
            throw new FinapiResponseException(response.status(), endpoint.toString(), requestId, "empty body");
        }
        JsonNode root;
        try {
            root = mapper.readTree(response.body());
        } catch (IOException | RuntimeException e) {
            throw new FinapiResponseException(
                    response.status(), endpoint.toString(), requestId, "body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new FinapiResponseException(
                    response.status(), endpoint.toString(), requestId, "body is not a JSON object");
        }
        return root;
    }

    private <T> T convert(Exchange exchange, Class<T> type) {
        return convert(exchange, exchange.json(), type);
    }

    private <T> T convert(Exchange exchange, JsonNode node, Class<T> type) {
        try {
            T value = mapper.treeToValue(node, type);
            if (value == null) {
                throw new IllegalStateException("null");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new FinapiResponseException(
                    exchange.status(),
                    exchange.endpoint().toString(),
                    exchange.requestId(),
                    "body does not match " + type.getSimpleName());
        }
    }

    private BankConnection requireId(Exchange exchange) {
        BankConnection connection = convert(exchange, BankConnection.class);
        if (connection.id() == null) {
            throw missingField(exchange, "id");
        }
        return connection;
    }

    private static FinapiResponseException missingField(Exchange exchange, String field) {
        return new FinapiResponseException(
                exchange.status(), exchange.endpoint().toString(), exchange.requestId(), "missing field " + field);
    }

    private URI accessUri(String pathAndQuery) {
        return join(config.accessBaseUrl(), pathAndQuery);
    }

    private URI webFormUri(String pathAndQuery) {
        return join(config.webFormBaseUrl(), pathAndQuery);
    }

    // String join instead of URI.resolve, so a base URL with a path prefix (e.g. behind a proxy) keeps it.
    private static URI join(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Tokens

    private static final class TokenSlot {
        final ReentrantLock lock = new ReentrantLock();
        volatile CachedToken token;
    }

    /** {@code renewAt == null}: never expires. {@code accessToken == null}: invalidated, refresh token may remain. */
    private record CachedToken(String accessToken, String refreshToken, Instant renewAt) {
        boolean usableAt(Instant now) {
            return accessToken != null && (renewAt == null || now.isBefore(renewAt));
        }
    }

    private String accessToken(UserCredentials user, RequestIdSequence ids) {
        TokenSlot slot = user == null ? clientSlot : userSlot(user.username());
        CachedToken cached = slot.token;
        if (cached != null && cached.usableAt(clock.instant())) {
            return cached.accessToken();
        }
        // One fetch per slot at a time: concurrent callers wait and reuse the fresh token.
        slot.lock.lock();
        try {
            cached = slot.token;
            if (cached != null && cached.usableAt(clock.instant())) {
                return cached.accessToken();
            }
            CachedToken fresh = user == null
                    ? fetchToken(Map.of("grant_type", "client_credentials"), null, ids)
                    : fetchUserToken(user, cached == null ? null : cached.refreshToken(), ids);
            slot.token = fresh;
            return fresh.accessToken();
        } finally {
            slot.lock.unlock();
        }
    }

    private void invalidate(UserCredentials user, String staleAccessToken) {
        TokenSlot slot = user == null ? clientSlot : userSlots.get(user.username());
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            CachedToken cached = slot.token;
            // Only drop the token that failed; another thread may already have replaced it.
            if (cached != null && staleAccessToken.equals(cached.accessToken())) {
                slot.token = new CachedToken(null, cached.refreshToken(), cached.renewAt());
            }
        } finally {
            slot.lock.unlock();
        }
    }

    private TokenSlot userSlot(String username) {
        TokenSlot slot = userSlots.get(username);
        if (slot != null) {
            return slot;
        }
        if (userSlots.size() >= MAX_CACHED_USERS) {
            pruneUserSlots();
        }
        return userSlots.computeIfAbsent(username, u -> new TokenSlot());
    }

    private void pruneUserSlots() {
        Instant now = clock.instant();
        userSlots.values().removeIf(s -> !s.lock.isLocked() && (s.token == null || !s.token.usableAt(now)));
        if (userSlots.size() >= MAX_CACHED_USERS) {
            userSlots.values().removeIf(s -> !s.lock.isLocked());
        }
    }

    private CachedToken fetchUserToken(UserCredentials user, String refreshToken, RequestIdSequence ids) {
        if (refreshToken != null) {
            try {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", "refresh_token");
                form.put("refresh_token", refreshToken);
                return fetchToken(form, refreshToken, ids);
            } catch (FinapiAuthenticationException refreshRejected) {
                // Refresh token expired or revoked: the password grant below still works.
            }
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", user.username());
        form.put("password", user.password());
        return fetchToken(form, null, ids);
    }

    private CachedToken fetchToken(Map<String, String> grant, String previousRefreshToken, RequestIdSequence ids) {
        ClientCredentials client = Objects.requireNonNull(credentials.get(), "client credentials supplier");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grant.get("grant_type"));
        form.put("client_id", client.clientId());
        form.put("client_secret", client.clientSecret());
        grant.forEach(form::putIfAbsent);
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));

        Endpoint endpoint = Endpoint.TOKEN;
        String requestId = ids.next();
        Instant requestedAt = clock.instant();
        HttpRequest.Builder builder = HttpRequest.newBuilder(accessUri(endpoint.pathTemplate()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded, StandardCharsets.UTF_8));
        RawResponse response = send(builder, endpoint, requestId);

        int status = response.status();
        if (status == 400 || status == 401 || status == 403 || status == 423) {
            ErrorBody error = ErrorBody.parse(mapper, response.body());
            throw new FinapiAuthenticationException(
                    status, error.code(), endpoint.toString(), requestId, error.message());
        }
        if (status / 100 != 2) {
            throw errors.map(response.status(), response.headers(), response.body(), endpoint, requestId);
        }
        Exchange exchange = new Exchange(endpoint, status, requestId, parseObject(response, endpoint, requestId));
        AccessToken token = convert(exchange, AccessToken.class);
        if (token.accessToken() == null || token.accessToken().isBlank()) {
            throw missingField(exchange, "access_token");
        }
        String refreshToken = token.refreshToken() != null ? token.refreshToken() : previousRefreshToken;
        return new CachedToken(token.accessToken(), refreshToken, renewAt(requestedAt, token.expiresIn()));
    }

    /**
     * Renew a little before finAPI's expiry (10% of the lifetime, at most 60 s) so a token does not expire in flight.
     * expires_in 0 (or absent) means the token never expires; a wrong guess is still covered by the 401 replay.
     */
    private static Instant renewAt(Instant requestedAt, Long expiresIn) {
        if (expiresIn == null || expiresIn == 0) {
            return null;
        }
        if (expiresIn < 0) {
            return requestedAt;
        }
        Duration lifetime = Duration.ofSeconds(expiresIn);
        Duration margin = lifetime.dividedBy(10);
        if (margin.compareTo(MAX_EXPIRY_MARGIN) > 0) {
            margin = MAX_EXPIRY_MARGIN;
        }
        return requestedAt.plus(lifetime).minus(margin);
    }
}
