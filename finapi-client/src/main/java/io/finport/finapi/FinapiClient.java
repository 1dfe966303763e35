package io.finport.finapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.finapi.FinapiTransport.Call;
import io.finport.finapi.FinapiTransport.Exchange;
import io.finport.finapi.FinapiTransport.RawResponse;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Thread-safe client for finAPI Access V2 and Web Form 2.0: the operations (the wire is {@link FinapiTransport}, the
 * tokens {@link FinapiTokens}).
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

    private static final Pattern WEB_FORM_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final FinapiConfig config;
    private final Supplier<ClientCredentials> credentials;
    private final Clock clock;
    private final FinapiCallLog callLog;
    private volatile Parts parts;

    /** What a request needs; built at first use, so a client that is wired but never called loads none of it. */
    private record Parts(FinapiErrors errors, RequestBodies bodies, FinapiTransport transport, FinapiTokens tokens) {}

    public FinapiClient(FinapiConfig config, Supplier<ClientCredentials> credentials, Clock clock) {
        this(config, credentials, clock, FinapiCallLog.SYSTEM_LOGGER);
    }

    /**
     * Opens no connection and builds no HTTP client: requests go over the JDK's {@code HttpURLConnection}
     * ({@link HttpWire}).
     *
     * @param callLog where each exchange's summary goes (e.g. the caller's own structured log)
     */
    public FinapiClient(
            FinapiConfig config, Supplier<ClientCredentials> credentials, Clock clock, FinapiCallLog callLog) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.callLog = Objects.requireNonNull(callLog, "callLog");
    }

    private Parts parts() {
        Parts p = parts;
        if (p == null) {
            synchronized (this) {
                p = parts;
                if (p == null) {
                    // Responses are read into JsonNode trees (JsonTrees, amounts exact) and mapped by ModelReader.
                    FinapiErrors errors = new FinapiErrors(clock);
                    FinapiTransport transport = new FinapiTransport(config, new HttpWire(config), callLog);
                    parts = p = new Parts(
                            errors,
                            new RequestBodies(),
                            transport,
                            new FinapiTokens(credentials, clock, transport, errors));
                }
            }
        }
        return p;
    }

    /** The request bodies (shared with {@link FinapiTasks}). */
    RequestBodies bodies() {
        return parts().bodies();
    }

    /** A client on the system clock (connect and read timeouts from the config, no redirects). */
    public static FinapiClient create(FinapiConfig config, Supplier<ClientCredentials> credentials) {
        return create(config, credentials, FinapiCallLog.SYSTEM_LOGGER);
    }

    /** As {@link #create(FinapiConfig, Supplier)}, reporting each exchange to {@code callLog}. */
    public static FinapiClient create(
            FinapiConfig config, Supplier<ClientCredentials> credentials, FinapiCallLog callLog) {
        return new FinapiClient(config, credentials, Clock.systemUTC(), callLog);
    }

    /** Initialises the transport's TLS context now, opening no connection (SnapStart priming). */
    public void buildTransport() {
        parts().transport().prepareWire();
    }

    /** Drops all cached tokens, e.g. after a Lambda SnapStart restore where cached tokens may be stale. */
    public void invalidateTokens() {
        Parts p = parts;
        if (p != null) p.tokens().invalidateAll();
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
                new Call(Endpoint.CREATE_USER, accessUri("/api/v2/users"), bodies().createUser(userId, password), null);
        Exchange result = execute(call, ids);
        User user = convert(result, User.class);
        if (user.id() == null) {
            throw FinapiTransport.missingField(result, "id");
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
                bodies().webFormImport(request),
                user);
        Exchange result = execute(call, ids);
        WebForm form = convert(result, WebForm.class);
        if (form.id() == null) {
            throw FinapiTransport.missingField(result, "id");
        }
        if (form.url() == null) {
            throw FinapiTransport.missingField(result, "url");
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
            throw FinapiTransport.missingField(result, "id");
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
                bodies().update(request),
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
                throw FinapiTransport.missingField(result, "accounts");
            }
            for (JsonNode node : accounts) {
                Account account = convert(result, node, Account.class);
                if (account.id() == null) {
                    throw FinapiTransport.missingField(result, "accounts[].id");
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
                throw FinapiTransport.missingField(result, field);
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

    private Exchange execute(Call call, RequestIdSequence ids) {
        Parts p = parts();
        byte[] body = call.body() == null ? null : p.transport().serialize(call.body());
        String token = p.tokens().accessToken(call.user(), ids);
        String requestId = ids.next();
        RawResponse response =
                p.transport().send(p.transport().apiRequest(call, body, token), call.endpoint(), requestId);
        if (response.status() == 401) {
            // Expired or revoked token: renew once and replay once. Safe for POSTs because 401 means not processed.
            p.tokens().invalidate(call.user(), token);
            token = p.tokens().accessToken(call.user(), ids);
            requestId = ids.next();
            response = p.transport().send(p.transport().apiRequest(call, body, token), call.endpoint(), requestId);
            if (response.status() == 401) {
                ErrorBody error = ErrorBody.parse(response.body());
                throw new FinapiAuthenticationException(
                        401, error.code(), call.endpoint().toString(), requestId, error.message());
            }
        }
        if (response.status() / 100 != 2) {
            throw p.errors().map(response.status(), response.headers(), response.body(), call.endpoint(), requestId);
        }
        return p.transport().exchange(response, call.endpoint(), requestId);
    }

    private <T> T convert(Exchange exchange, Class<T> type) {
        return parts().transport().convert(exchange, type);
    }

    private <T> T convert(Exchange exchange, JsonNode node, Class<T> type) {
        return parts().transport().convert(exchange, node, type);
    }

    private BankConnection requireId(Exchange exchange) {
        BankConnection connection = convert(exchange, BankConnection.class);
        if (connection.id() == null) {
            throw FinapiTransport.missingField(exchange, "id");
        }
        return connection;
    }

    private URI accessUri(String pathAndQuery) {
        return parts().transport().accessUri(pathAndQuery);
    }

    private URI webFormUri(String pathAndQuery) {
        return parts().transport().webFormUri(pathAndQuery);
    }
}
