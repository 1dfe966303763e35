package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.FinapiJson.AccessToken;
import io.finport.sandbox.FinapiJson.Account;
import io.finport.sandbox.FinapiJson.AccountInterface;
import io.finport.sandbox.FinapiJson.AccountList;
import io.finport.sandbox.FinapiJson.AisConsent;
import io.finport.sandbox.FinapiJson.Bank;
import io.finport.sandbox.FinapiJson.BankConnection;
import io.finport.sandbox.FinapiJson.BankConnectionInterface;
import io.finport.sandbox.FinapiJson.ErrorDetail;
import io.finport.sandbox.FinapiJson.ErrorMessage;
import io.finport.sandbox.FinapiJson.MultiStepAuthentication;
import io.finport.sandbox.FinapiJson.OAuthError;
import io.finport.sandbox.FinapiJson.PaymentCapabilities;
import io.finport.sandbox.FinapiJson.UpdateResult;
import io.finport.sandbox.FinapiJson.User;
import io.finport.sandbox.FinapiJson.WebForm;
import io.finport.sandbox.FinapiJson.WebFormPayload;
import io.finport.sandbox.Scenario.AccountSpec;
import io.finport.sandbox.Scenario.FaultSpec;
import io.finport.sandbox.Scenario.UpdateErrorSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The simulated finAPI world: users, tokens, scenarios and the banks, connections, accounts and web forms they own.
 * Every public-facing method is synchronized, so concurrent requests see one consistent order of events; the
 * state only moves when requests arrive (polls), never with wall-clock time, which keeps runs deterministic; the one
 * exception is a scenario's finalAfterMillis (a web form or task turning final by time, see SandboxCallbacks).
 */
final class SandboxState {
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String READY = "READY";
    static final String PENDING = "PENDING";
    static final int MAX_IDS = 1000;
    private static final String DEFAULT_BLZ = "12030000";
    /** finAPI's interface download limit; 0 means no limit was set. */
    private static final int MAX_DAYS_FOR_DOWNLOAD = 0;

    private static final Duration WEB_FORM_VALIDITY = Duration.ofMinutes(20);
    private static final Duration PRIOR_UPDATE_AGE = Duration.ofDays(1);

    private final SandboxOptions options;

    // Ids are never reused, not even after reset, so a client holding stale ids cannot hit someone else's entity.
    private long nextBankId = 280_001;
    private long nextConnectionId = 100_001;
    private long nextAccountId = 500_001;
    private long nextWebFormId = 1;
    private long nextScenarioId = 1;
    private long nextUserId = 1;

    private final Map<String, ScenarioRt> scenarios = new LinkedHashMap<>();
    private final Map<Long, ScenarioRt> banks = new HashMap<>();
    private final Map<Long, ConnectionRt> connections = new HashMap<>();
    private final Map<Long, AccountRt> accounts = new TreeMap<>();
    private final Map<String, WebFormRt> webForms = new HashMap<>();
    private final Map<String, UserRt> users = new LinkedHashMap<>();
    private final Map<String, TokenRt> accessTokens = new HashMap<>();
    private final Map<String, String> refreshTokens = new HashMap<>();
    private final Map<String, String> currentTokens = new HashMap<>();
    private final List<RecordedRequest> log = new ArrayList<>();
    private final UserScope scope = new UserScope();
    private final SandboxTasks tasks = new SandboxTasks();
    private final SandboxCallbacks callbacks;

    SandboxState(SandboxOptions options) {
        this.options = options;
        this.callbacks = new SandboxCallbacks(options.clock());
    }

    SandboxCallbacks callbacks() {
        return callbacks;
    }

    private Instant now() {
        return options.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---------------------------------------------------------------- scenarios (admin + Java API)

    synchronized RegisteredScenario register(Scenario spec) {
        if (spec.user() != null) {
            UserRt existing = users.get(userKey(spec.user().id()));
            if (existing != null && !existing.password.equals(spec.user().password())) {
                throw new ScenarioValidationException("user.id", "user exists already with a different password");
            }
            users.putIfAbsent(
                    userKey(spec.user().id()),
                    new UserRt(spec.user().id(), spec.user().password(), null, null));
        }
        ScenarioRt sc = new ScenarioRt("scn-" + nextScenarioId++, spec, nextBankId++, now());
        scenarios.put(sc.id, sc);
        banks.put(sc.bankId, sc);
        ConnectionRt connection = null;
        if (spec.type() != Scenario.Type.IMPORT) {
            connection = createConnection(
                    sc,
                    sc.registeredAt,
                    spec.user() == null ? null : spec.user().id());
        }
        return new RegisteredScenario(
                sc.id,
                spec.name(),
                spec.type().name(),
                sc.bankId,
                connection == null ? null : connection.id,
                connection == null ? List.of() : connection.accountIds);
    }

    synchronized boolean deregister(String scenarioId) {
        ScenarioRt sc = scenarios.remove(scenarioId);
        if (sc == null) {
            return false;
        }
        banks.remove(sc.bankId);
        for (long connectionId : sc.connectionIds) {
            ConnectionRt c = connections.remove(connectionId);
            c.accountIds.forEach(accounts::remove);
            scope.forget(UserScope.Kind.CONNECTION, connectionId);
        }
        webForms.values().removeIf(w -> {
            if (w.scenario == sc) {
                scope.forget(UserScope.Kind.WEB_FORM, w.id);
            }
            return w.scenario == sc;
        });
        tasks.removeScenario(sc.id);
        return true;
    }

    synchronized void reset() {
        callbacks.clear();
        scenarios.clear();
        banks.clear();
        connections.clear();
        accounts.clear();
        webForms.clear();
        tasks.clear();
        users.clear();
        accessTokens.clear();
        refreshTokens.clear();
        currentTokens.clear();
        log.clear();
        scope.clear();
    }

    synchronized ScenarioState scenarioState(String scenarioId) {
        ScenarioRt sc = scenarios.get(scenarioId);
        return sc == null ? null : stateOf(sc);
    }

    synchronized List<ScenarioState> scenarioStates() {
        return scenarios.values().stream().map(this::stateOf).toList();
    }

    private ScenarioState stateOf(ScenarioRt sc) {
        ConnectionRt c = sc.connectionIds.isEmpty() ? null : connections.get(sc.connectionIds.getLast());
        List<ScenarioState.WebFormState> forms = webForms.values().stream()
                .filter(w -> w.scenario == sc)
                .sorted((a, b) -> Long.compare(a.seq, b.seq))
                .map(w -> new ScenarioState.WebFormState(w.id, w.status, w.polls, w.connectionId))
                .toList();
        String status;
        if (c != null) {
            status = c.updateStatus;
        } else if (forms.isEmpty()) {
            status = "AWAITING_WEB_FORM";
        } else {
            status = "WEB_FORM_" + forms.getLast().status();
        }
        List<ScenarioState.FaultState> faults = sc.faults.stream()
                .map(f -> new ScenarioState.FaultState(
                        f.spec.request(), f.spec.count(), f.spec.afterMatches(), f.matched, f.applied))
                .toList();
        return new ScenarioState(
                sc.id,
                sc.spec.name(),
                sc.spec.type().name(),
                sc.bankId,
                status,
                c == null ? null : c.id,
                c == null ? List.of() : List.copyOf(c.accountIds),
                c == null ? null : c.updateStatus,
                c == null ? null : c.categorizationStatus,
                c == null ? 0 : c.polls,
                c == null ? 0 : c.categorizationPolls,
                sc.updateCalls,
                forms,
                faults);
    }

    // ---------------------------------------------------------------- request log

    synchronized void record(RecordedRequest request) {
        log.add(request);
    }

    synchronized List<RecordedRequest> requests(String scenarioId) {
        return log.stream()
                .filter(r -> scenarioId == null || scenarioId.equals(r.scenarioId()))
                .toList();
    }

    synchronized void clearRequests() {
        log.clear();
    }

    /** The finAPI user a bearer token belongs to (null for client tokens and unknown tokens); does not count a use. */
    synchronized String tokenUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        TokenRt t = accessTokens.get(authorization.substring(7).trim());
        return t == null ? null : t.userId;
    }

    /** Owner of a bank connection: null while no user has imported or adopted it. */
    synchronized String connectionOwner(long connectionId) {
        return scope.owner(UserScope.Kind.CONNECTION, connectionId);
    }

    // ---------------------------------------------------------------- faults

    /** The scenario a request touches (for the log) and the fault it must suffer, if any. */
    record FaultDecision(String scenarioId, ScenarioRt faultOwner, FaultSpec fault) {}

    /**
     * Every fault whose endpoint matches counts the request; the first one (registration order, then list order)
     * that is past its {@code afterMatches} and has applications left gets it. So faults on one endpoint queue up.
     */
    synchronized FaultDecision claimFault(ApiRequest r) {
        List<ScenarioRt> touched = touchedScenarios(r);
        boolean entityLess = touched == null;
        List<ScenarioRt> candidates = entityLess ? List.copyOf(scenarios.values()) : touched;
        FaultRt winner = null;
        ScenarioRt owner = null;
        for (ScenarioRt sc : candidates) {
            for (FaultRt f : sc.faults) {
                if (f.spec.route() != r.route()) {
                    continue;
                }
                f.matched++;
                if (winner == null && f.matched > f.spec.afterMatches() && f.applied < f.spec.count()) {
                    f.applied++;
                    winner = f;
                    owner = sc;
                }
            }
        }
        String scenarioId = !entityLess && !touched.isEmpty() ? touched.getFirst().id : owner != null ? owner.id : null;
        return new FaultDecision(scenarioId, owner, winner == null ? null : winner.spec);
    }

    /** Null means the endpoint has no entity (token, users): faults of every active scenario apply. */
    private List<ScenarioRt> touchedScenarios(ApiRequest r) {
        Set<ScenarioRt> found = new LinkedHashSet<>();
        switch (r.route()) {
            case TOKEN, CREATE_USER, GET_USER, DELETE_USER -> {
                return null;
            }
            case CREATE_IMPORT_WEB_FORM -> {
                ScenarioRt sc = importScenarioFor(r.json());
                if (sc != null) {
                    found.add(sc);
                }
            }
            case GET_WEB_FORM, WEB_FORM_PAGE -> {
                WebFormRt w = webForms.get(r.pathId());
                if (w != null) {
                    found.add(w.scenario);
                }
            }
            case GET_TASK -> {
                SandboxTasks.TaskRt t = tasks.get(r.pathId());
                ConnectionRt c = t == null ? null : connections.get(t.bankConnectionId);
                if (c != null) {
                    found.add(c.scenario);
                }
            }
            case UPDATE_CONNECTION, CREATE_BACKGROUND_UPDATE -> {
                JsonNode id = r.json() == null ? null : r.json().get("bankConnectionId");
                ConnectionRt c = id != null && id.canConvertToLong() ? connections.get(id.longValue()) : null;
                if (c != null) {
                    found.add(c.scenario);
                }
            }
            case GET_CONNECTION -> {
                ConnectionRt c = connections.get(parseLongOrNull(r.pathId()));
                if (c != null) {
                    found.add(c.scenario);
                }
            }
            case GET_ACCOUNT -> {
                AccountRt a = accounts.get(parseLongOrNull(r.pathId()));
                if (a != null) {
                    found.add(a.connection.scenario);
                }
            }
            case GET_ACCOUNTS -> {
                for (Long id : idsOrEmpty(r.param("ids"))) {
                    AccountRt a = accounts.get(id);
                    if (a != null) {
                        found.add(a.connection.scenario);
                    }
                }
                for (Long id : idsOrEmpty(r.param("bankConnectionIds"))) {
                    ConnectionRt c = connections.get(id);
                    if (c != null) {
                        found.add(c.scenario);
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    // ---------------------------------------------------------------- API dispatch

    synchronized Reply handle(ApiRequest r) {
        Call call = new Call(r);
        try {
            return switch (r.route()) {
                case TOKEN -> token(call);
                case CREATE_USER -> createUser(call);
                case GET_USER -> getUser(call);
                case DELETE_USER -> deleteUser(call);
                case CREATE_IMPORT_WEB_FORM -> createImportWebForm(call);
                case GET_WEB_FORM -> getWebForm(call);
                case WEB_FORM_PAGE -> webFormPage(call);
                case UPDATE_CONNECTION -> updateConnection(call);
                case GET_CONNECTION -> getConnection(call);
                case GET_ACCOUNTS -> getAccounts(call);
                case GET_ACCOUNT -> getAccount(call);
                case CREATE_BACKGROUND_UPDATE -> backgroundUpdate(call);
                case GET_TASK -> getTask(call);
            };
        } catch (Reply.Halt halt) {
            return halt.reply;
        }
    }

    /** Per-request context: the request plus who is calling once authenticated (for error bodies' authContext). */
    private static final class Call {
        final ApiRequest r;
        String userId;
        boolean authenticated;

        Call(ApiRequest r) {
            this.r = r;
        }
    }

    // ---------------------------------------------------------------- OAuth

    private Reply token(Call call) {
        ApiRequest r = call.r;
        String clientId = r.param("client_id");
        String clientSecret = r.param("client_secret");
        String basic = r.authorization();
        if (clientId == null && basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            // RFC 6749 allows client credentials in a Basic header; finAPI clients mostly send them in the form.
            String decoded =
                    new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                clientId = decoded.substring(0, colon);
                clientSecret = decoded.substring(colon + 1);
            }
        }
        String grant = r.param("grant_type");
        if (grant == null) {
            return oauthError(400, "invalid_request", "Missing grant type");
        }
        if (!options.clientId().equals(clientId) || !options.clientSecret().equals(clientSecret)) {
            return oauthError(401, "invalid_client", "Bad client credentials");
        }
        switch (grant) {
            case "client_credentials" -> {
                return Reply.json(200, issue(null, false));
            }
            case "password" -> {
                UserRt u = users.get(userKey(r.param("username")));
                if (u == null || !u.password.equals(r.param("password"))) {
                    return oauthError(400, "invalid_grant", "Bad credentials");
                }
                return Reply.json(200, issue(u.id, true));
            }
            case "refresh_token" -> {
                String refresh = r.param("refresh_token");
                String userId = refresh == null ? null : refreshTokens.get(refresh);
                if (userId == null || !users.containsKey(userKey(userId))) {
                    return oauthError(400, "invalid_grant", "Invalid refresh token");
                }
                currentTokens.remove("user:" + userKey(userId)); // a refresh always yields a new access token
                return Reply.json(200, issue(userId, false));
            }
            default -> {
                return oauthError(400, "unsupported_grant_type", "Unsupported grant type: " + grant);
            }
        }
    }

    /**
     * finAPI returns the same token for the same credentials while it is valid; only then a new one. The refresh
     * token comes with password grants only.
     */
    private AccessToken issue(String userId, boolean withRefresh) {
        String principal = userId == null ? "client" : "user:" + userKey(userId);
        Instant now = now();
        String current = currentTokens.get(principal);
        TokenRt valid = current == null ? null : accessTokens.get(current);
        Integer limit = tokenUseLimit();
        if (valid != null && now.isBefore(valid.expiresAt) && (limit == null || valid.uses < limit)) {
            long remaining = Math.max(1, Duration.between(now, valid.expiresAt).toSeconds());
            return new AccessToken(current, "bearer", withRefresh ? valid.refreshToken : null, remaining, "all");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        String refresh = null;
        if (withRefresh) {
            refresh = UUID.randomUUID().toString().replace("-", "");
            refreshTokens.put(refresh, userId);
        }
        accessTokens.put(token, new TokenRt(userId, now.plus(options.tokenLifetime()), refresh));
        currentTokens.put(principal, token);
        return new AccessToken(token, "bearer", refresh, options.tokenLifetime().toSeconds(), "all");
    }

    private static Reply oauthError(int status, String error, String description) {
        return Reply.json(status, new OAuthError(error, description));
    }

    /** Checks the bearer token and its role; counts the use against {@code auth.tokenValidRequests}. */
    private void authenticate(Call call, boolean userTokenRequired) {
        try {
            checkToken(call, userTokenRequired);
        } catch (Reply.Halt halt) {
            if (halt.reply.status() == 401 && call.r.route().isWebFormApi()) {
                throw new Reply.Halt(WebFormErrors.error(
                        401, "UNAUTHORIZED", "Invalid or expired access token", call.r.endpoint(), now()));
            }
            throw halt;
        }
    }

    private void checkToken(Call call, boolean userTokenRequired) {
        String header = call.r.authorization();
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Reply.Halt(
                    oauthError(401, "invalid_token", "Full authentication is required to access this resource"));
        }
        TokenRt t = accessTokens.get(header.substring(7).trim());
        if (t == null) {
            throw new Reply.Halt(oauthError(401, "invalid_token", "Invalid access token"));
        }
        if (!now().isBefore(t.expiresAt)) {
            throw new Reply.Halt(oauthError(401, "invalid_token", "Access token expired"));
        }
        t.uses++;
        Integer limit = tokenUseLimit();
        if (limit != null && t.uses > limit) {
            throw new Reply.Halt(oauthError(
                    401, "invalid_token", "Access token expired (sandbox: valid for " + limit + " requests)"));
        }
        call.authenticated = true;
        call.userId = t.userId;
        if (userTokenRequired && t.userId == null) {
            throw new Reply.Halt(error(
                    call,
                    403,
                    "FORBIDDEN",
                    "BUSINESS",
                    "This service requires a user access token; a client access token was given",
                    null));
        }
        if (!userTokenRequired && t.userId != null) {
            throw new Reply.Halt(error(
                    call,
                    403,
                    "FORBIDDEN",
                    "BUSINESS",
                    "This service requires a client access token; a user access token was given",
                    null));
        }
    }

    private Integer tokenUseLimit() {
        Integer min = null;
        for (ScenarioRt sc : scenarios.values()) {
            Integer limit = sc.spec.auth().tokenValidRequests();
            if (limit != null && (min == null || limit < min)) {
                min = limit;
            }
        }
        return min;
    }

    // ---------------------------------------------------------------- users

    /** finAPI user ids are case-insensitive: "User-1" and "user-1" are the same user. */
    private static String userKey(String id) {
        return id == null ? null : id.toLowerCase(java.util.Locale.ROOT);
    }

    private Reply createUser(Call call) {
        authenticate(call, false);
        JsonNode body = jsonBody(call);
        String id = text(body, "id");
        String password = text(body, "password");
        if (id != null && !id.matches("[0-9A-Za-z\\-_.+@]{1,36}")) {
            return error(
                    call,
                    422,
                    "ILLEGAL_FIELD_VALUE",
                    "BUSINESS",
                    "'id' must have 1-36 characters of 0-9 A-Z a-z - _ . + @",
                    null);
        }
        if (password != null && (password.length() < 6 || password.length() > 128)) {
            return error(call, 422, "ILLEGAL_FIELD_VALUE", "BUSINESS", "'password' must have 6-128 characters", null);
        }
        if (id != null && users.containsKey(userKey(id))) {
            return error(call, 422, "ENTITY_EXISTS", "BUSINESS", "User with id '" + id + "' already exists", null);
        }
        if (id == null) {
            do {
                id = "sandbox-user-" + nextUserId++;
            } while (users.containsKey(userKey(id)));
        }
        if (password == null) {
            password = UUID.randomUUID().toString();
        }
        UserRt u = new UserRt(id, password, text(body, "email"), text(body, "phone"));
        users.put(userKey(id), u);
        return Reply.json(201, u.view());
    }

    private Reply getUser(Call call) {
        authenticate(call, true);
        UserRt u = users.get(userKey(call.userId));
        return u == null
                ? error(call, 404, "UNKNOWN_ENTITY", "BUSINESS", "User not found", null)
                : Reply.json(200, u.view());
    }

    /** Deletes the authorized user and every token issued to it (finAPI also deletes its data; scenarios keep theirs). */
    private Reply deleteUser(Call call) {
        authenticate(call, true);
        UserRt u = users.remove(call.userId);
        if (u == null) {
            return error(call, 404, "UNKNOWN_ENTITY", "BUSINESS", "User not found", null);
        }
        accessTokens.values().removeIf(t -> u.id.equals(t.userId));
        refreshTokens.values().removeIf(u.id::equals);
        return Reply.json(200, Map.of("identifier", u.id));
    }

    // ---------------------------------------------------------------- web forms

    private ScenarioRt importScenarioFor(JsonNode body) {
        JsonNode id = body == null ? null : body.path("bank").get("id");
        if (id == null || id.isNull()) {
            // Convenience for hand-driven sessions: with exactly one IMPORT scenario the bank may be omitted.
            List<ScenarioRt> imports = scenarios.values().stream()
                    .filter(s -> s.spec.type() == Scenario.Type.IMPORT)
                    .toList();
            return imports.size() == 1 ? imports.getFirst() : null;
        }
        return id.canConvertToLong() ? banks.get(id.longValue()) : null;
    }

    private Reply createImportWebForm(Call call) {
        authenticate(call, true);
        JsonNode body = jsonBody(call);
        JsonNode bankId = body.path("bank").get("id");
        ScenarioRt sc = importScenarioFor(body);
        if (sc == null) {
            if (bankId == null || bankId.isNull()) {
                return error(
                        call,
                        422,
                        "MISSING_FIELD",
                        "BUSINESS",
                        "'bank.id' is required (the sandbox maps it to an IMPORT scenario)",
                        null);
            }
            return error(
                    call, 422, "UNKNOWN_ENTITY", "BUSINESS", "Bank with id " + bankId.asText() + " not found", null);
        }
        if (sc.spec.type() != Scenario.Type.IMPORT) {
            return error(
                            call,
                            422,
                            "ILLEGAL_FIELD_VALUE",
                            "BUSINESS",
                            "Bank " + sc.bankId + " belongs to scenario '" + sc.spec.name() + "' of type "
                                    + sc.spec.type() + "; import web forms need an IMPORT scenario",
                            null)
                    .withScenario(sc.id);
        }
        WebFormRt w = newWebForm(baseUrl(call), call.userId, sc, sc.spec.webForm(), null);
        w.callbackUrl = callbacks.register(body)[0];
        return Reply.json(201, w.view()).withScenario(sc.id);
    }

    private String baseUrl(Call call) {
        return "http://" + (call.r.host() == null ? options.host() + ":" + options.port() : call.r.host());
    }

    private WebFormRt newWebForm(
            String baseUrl, String userId, ScenarioRt sc, Scenario.WebFormSpec spec, ConnectionRt updateOf) {
        WebFormRt w = new WebFormRt(UUID.randomUUID().toString(), nextWebFormId++, sc, now(), baseUrl, spec, updateOf);
        w.ownerUserId = userId;
        webForms.put(w.id, w);
        scope.assign(UserScope.Kind.WEB_FORM, w.id, userId);
        Integer after = spec.callback().finalAfterMillis();
        if (after != null) callbacks.after(after, () -> finaliseWebFormByTime(w.id));
        return w;
    }

    /** A web form with finalAfterMillis: the person finished it, whether or not anyone polled. */
    private synchronized void finaliseWebFormByTime(String id) {
        WebFormRt w = webForms.get(id);
        if (w != null && !ScenarioParser.WEB_FORM_FINAL.contains(w.status)) finaliseWebForm(w);
    }

    private void finaliseWebForm(WebFormRt w) {
        w.status = w.spec.status();
        if (w.status.equals("COMPLETED") && w.updateOf != null) {
            // The user logged in: the update of the existing connection runs now.
            startRun(w.updateOf, now());
            w.connectionId = w.updateOf.id;
        } else if (w.status.equals("COMPLETED")) {
            w.connectionId = createConnection(w.scenario, now(), w.ownerUserId).id;
        }
        SandboxTasks.TaskRt task = w.taskId == null ? null : tasks.get(w.taskId);
        if (task == null) {
            callbacks.send(
                    "webForm.finalised",
                    w.id,
                    w.status,
                    w.callbackUrl,
                    Map.of("webFormId", w.id, "status", w.status),
                    w.spec.callback());
        } else {
            // The user finished the task's web form: finAPI's task is final then, and says so.
            callbacks.send(
                    "task.finalised",
                    task.id,
                    w.status,
                    task.finalisedUrl,
                    Map.of("taskId", task.id),
                    w.spec.callback());
        }
    }

    private Reply getWebForm(Call call) {
        authenticate(call, true);
        WebFormRt w = webForms.get(call.r.pathId());
        if (w == null || !scope.reach(UserScope.Kind.WEB_FORM, w.id, call.userId)) {
            return error(call, 404, "UNKNOWN_ENTITY", "BUSINESS", "Web form " + call.r.pathId() + " not found", null);
        }
        if (!ScenarioParser.WEB_FORM_FINAL.contains(w.status)) {
            w.polls++;
            if (w.polls >= Math.max(1, w.spec.pollsUntilFinal())) {
                finaliseWebForm(w);
            } else {
                w.status = IN_PROGRESS;
            }
        }
        return Reply.json(200, w.view()).withScenario(w.scenario.id);
    }

    private Reply webFormPage(Call call) {
        WebFormRt w = webForms.get(call.r.pathId());
        if (w == null) {
            return new Reply(404, "<!doctype html><title>Not found</title><p>Unknown web form.</p>", Reply.HTML, null);
        }
        if (w.status.equals("NOT_YET_OPENED")) {
            w.status = IN_PROGRESS; // the end user opened it; does not count as a poll
        }
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>finAPI sandbox web form</title></head>"
                + "<body><h1>finAPI sandbox web form " + w.id + "</h1><p>Bank: " + escape(w.scenario.bankName())
                + "</p><p>Scenario: " + escape(w.scenario.spec.name()) + "</p><p>Status: " + w.status
                + "</p><p>Nothing to do here: the sandbox finishes this web form by itself after "
                + w.spec.pollsUntilFinal() + " polls of GET /api/webForms/" + w.id + ".</p></body></html>";
        return new Reply(200, html, Reply.HTML, w.scenario.id);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ---------------------------------------------------------------- bank connections

    private ConnectionRt createConnection(ScenarioRt sc, Instant at, String ownerUserId) {
        Scenario spec = sc.spec;
        ConnectionRt c = new ConnectionRt(nextConnectionId++, sc);
        connections.put(c.id, c);
        scope.assign(UserScope.Kind.CONNECTION, c.id, ownerUserId);
        sc.connectionIds.add(c.id);
        boolean imported = spec.type() == Scenario.Type.IMPORT;
        Instant prior = imported ? null : at.minus(PRIOR_UPDATE_AGE);
        String blz = spec.bank().blz() != null ? spec.bank().blz() : DEFAULT_BLZ;
        List<AccountSpec> specs = spec.accounts();
        for (int i = 0; i < specs.size(); i++) {
            AccountSpec as = specs.get(i);
            long id = nextAccountId++;
            String iban = as.iban() != null ? as.iban() : Ibans.german(blz, id);
            BigDecimal balance = as.balance() != null ? as.balance() : BigDecimal.valueOf(100_000L + i * 12_345L, 2);
            AccountRt a = new AccountRt(id, c, as, iban, balance, imported);
            a.status = imported ? "DOWNLOAD_IN_PROGRESS" : "UPDATED";
            a.lastSuccess = prior;
            accounts.put(id, a);
            c.accountIds.add(id);
        }
        c.lastUpdateAttempt = prior;
        if (prior != null) {
            c.lastManualUpdate = new UpdateResult("OK", null, null, FinapiJson.v2(prior));
        }
        c.categorizationStatus = READY;
        if (imported
                || spec.type() == Scenario.Type.TRACK
                || spec.bankConnection().alreadyUpdating()) {
            startRun(c, at);
            if (imported) {
                c.categorizationStatus = PENDING; // nothing categorized yet on a brand-new connection
            }
        }
        return c;
    }

    private void startRun(ConnectionRt c, Instant at) {
        c.updateStatus = IN_PROGRESS;
        c.polls = 0;
        c.categorizationPolls = 0;
        c.lastUpdateAttempt = at;
        for (long id : c.accountIds) {
            accounts.get(id).status = "DOWNLOAD_IN_PROGRESS";
        }
    }

    /** One GET of the connection: advances the download, then the categorization. */
    private void poll(ConnectionRt c, Instant now) {
        Scenario.ConnectionSpec spec = c.scenario.spec.bankConnection();
        if (c.updateStatus.equals(IN_PROGRESS)) {
            c.polls++;
            if (spec.pollsUntilReady() != Scenario.NEVER && c.polls >= Math.max(1, spec.pollsUntilReady())) {
                finishRun(c, now);
            }
        } else if (!c.categorizationStatus.equals(READY)) {
            c.categorizationPolls++;
            int needed = spec.categorizationPollsUntilReady();
            c.categorizationStatus = needed != Scenario.NEVER && c.categorizationPolls >= needed ? READY : IN_PROGRESS;
        }
    }

    private void finishRun(ConnectionRt c, Instant now) {
        Scenario.ConnectionSpec spec = c.scenario.spec.bankConnection();
        c.updateStatus = READY;
        Scenario.UpdateResultSpec result = spec.updateResult();
        c.lastManualUpdate =
                new UpdateResult(result.result(), result.errorMessage(), result.errorType(), FinapiJson.v2(now));
        for (long id : c.accountIds) {
            AccountRt a = accounts.get(id);
            a.status = a.spec.status();
            if (a.status.equals("UPDATED") || a.status.equals("UPDATED_FIXED")) {
                a.lastSuccess = now;
            }
        }
        c.categorizationPolls = 0;
        c.categorizationStatus = spec.categorizationPollsUntilReady() == 0 ? READY : PENDING;
    }

    private Reply getConnection(Call call) {
        authenticate(call, true);
        ConnectionRt c = connectionOr404(call, call.r.pathId());
        poll(c, now());
        return Reply.json(200, view(c)).withScenario(c.scenario.id);
    }

    private Reply updateConnection(Call call) {
        authenticate(call, true);
        JsonNode body = jsonBody(call);
        JsonNode idNode = body.get("bankConnectionId");
        if (idNode == null || idNode.isNull()) {
            return error(call, 422, "MISSING_FIELD", "BUSINESS", "'bankConnectionId' is required", null);
        }
        ConnectionRt c = connectionOr404(call, idNode.asText());
        ScenarioRt sc = c.scenario;
        sc.updateCalls++;
        Scenario.ConnectionSpec spec = sc.spec.bankConnection();
        String bankingInterface = text(body, "bankingInterface");
        if (bankingInterface == null) {
            return error(call, 422, "MISSING_FIELD", "BUSINESS", "'bankingInterface' is required", null)
                    .withScenario(sc.id);
        }
        if (!bankingInterface.equals(spec.bankingInterface())) {
            return error(
                            call,
                            422,
                            "ILLEGAL_FIELD_VALUE",
                            "BUSINESS",
                            "Bank connection " + c.id + " has no interface " + bankingInterface + " (it has "
                                    + spec.bankingInterface() + ")",
                            null)
                    .withScenario(sc.id);
        }
        if (c.updateStatus.equals(IN_PROGRESS)) {
            return error(
                            call,
                            423,
                            "LOCKED",
                            "BUSINESS",
                            "Bank connection " + c.id
                                    + " cannot get updated at the moment as it is currently being imported or updated",
                            null)
                    .withScenario(sc.id);
        }
        UpdateErrorSpec failure = spec.updateError();
        if (failure != null) {
            return updateFailure(call, c, failure).withScenario(sc.id);
        }
        startRun(c, now());
        return Reply.json(200, view(c)).withScenario(sc.id);
    }

    // ---------------------------------------------------------------- Web Form 2.0 tasks (background update)

    private Reply backgroundUpdate(Call call) {
        authenticate(call, true);
        JsonNode body = jsonBody(call);
        JsonNode idNode = body.get("bankConnectionId");
        if (idNode == null || !idNode.canConvertToLong()) {
            return error(call, 400, "field:bankConnectionId", "BUSINESS", "must be a bank connection id", null);
        }
        String mode = text(body, "importNewAccountsMode");
        if (mode != null && !List.of("SKIP", "CONDITIONAL", "FORCED").contains(mode)) {
            return error(
                    call, 400, "field:importNewAccountsMode", "BUSINESS", "must be SKIP, CONDITIONAL or FORCED", null);
        }
        JsonNode psu = body.get("userMetadata");
        if (psu != null
                && !psu.isNull()
                && !(psu.path("ipAddress").isTextual()
                        && psu.path("deviceOs").isTextual()
                        && psu.path("userAgent").isTextual())) {
            return error(call, 400, "field:userMetadata", "BUSINESS", "needs ipAddress, deviceOs and userAgent", null);
        }
        ConnectionRt c = connectionOr404(call, idNode.asText());
        ScenarioRt sc = c.scenario;
        sc.updateCalls++;
        if (c.updateStatus.equals(IN_PROGRESS)) {
            return error(
                            call,
                            423,
                            "LOCKED",
                            "BUSINESS",
                            "Bank connection " + c.id + " is being imported or updated at the moment",
                            null)
                    .withScenario(sc.id);
        }
        SandboxTasks.TaskRt task = tasks.create(sc.id, c.id, sc.spec.task(), now());
        scope.assign(UserScope.Kind.TASK, task.id, call.userId);
        String[] urls = callbacks.register(body);
        task.finalisedUrl = urls[0];
        task.webFormRequiredUrl = urls[1];
        task.ownerUserId = call.userId;
        task.baseUrl = baseUrl(call);
        Integer after = task.spec.callback().finalAfterMillis();
        if (after != null) callbacks.after(after, () -> finaliseTaskByTime(task.id));
        if (!task.spec.status().equals("WEB_FORM_REQUIRED")) {
            startRun(c, now()); // runs in the background at once; a WEB_FORM_REQUIRED task waits for the user
        }
        return Reply.json(201, SandboxTasks.view(task)).withScenario(sc.id);
    }

    private Reply getTask(Call call) {
        authenticate(call, true);
        SandboxTasks.TaskRt task = tasks.get(call.r.pathId());
        ConnectionRt c = task == null || !scope.reach(UserScope.Kind.TASK, task.id, call.userId)
                ? null
                : connections.get(task.bankConnectionId);
        if (c == null) {
            return error(call, 404, "NOT_FOUND", "BUSINESS", "Task " + call.r.pathId() + " not found", null);
        }
        if (tasks.poll(task)) taskFinal(task, c);
        if (task.webFormId != null) {
            task.webFormStatus = webForms.get(task.webFormId).status;
        }
        return Reply.json(200, SandboxTasks.view(task)).withScenario(c.scenario.id);
    }

    /** A background update task turned final (polled or by time): the connection follows, finAPI calls back. */
    private void taskFinal(SandboxTasks.TaskRt task, ConnectionRt c) {
        switch (task.status) {
            case "COMPLETED" -> {
                if (c.updateStatus.equals(IN_PROGRESS)) {
                    finishRun(c, now()); // the task completes once finAPI's update has finished
                }
            }
            case "COMPLETED_WITH_ERROR" -> {
                c.updateStatus = READY;
                c.lastManualUpdate = new UpdateResult(
                        task.spec.errorCode().equals("BANK_SERVER_REJECTION")
                                ? "BANK_SERVER_REJECTION"
                                : "INTERNAL_SERVER_ERROR",
                        null,
                        "BUSINESS",
                        FinapiJson.v2(now()));
            }
            default -> {
                WebFormRt form = newWebForm(task.baseUrl, task.ownerUserId, c.scenario, task.spec.webForm(), c);
                form.taskId = task.id;
                task.webFormId = form.id;
                task.webFormUrl = form.url();
            }
        }
        if (task.status.equals("WEB_FORM_REQUIRED")) {
            callbacks.send(
                    "task.webFormRequired",
                    task.id,
                    task.status,
                    task.webFormRequiredUrl,
                    Map.of("taskId", task.id, "webForm", Map.of("id", task.webFormId, "url", task.webFormUrl)),
                    task.spec.callback());
        } else {
            callbacks.send(
                    "task.finalised",
                    task.id,
                    task.status,
                    task.finalisedUrl,
                    Map.of("taskId", task.id),
                    task.spec.callback());
        }
    }

    /** A task with finalAfterMillis: finAPI finished it, whether or not anyone polled. */
    private synchronized void finaliseTaskByTime(String id) {
        SandboxTasks.TaskRt task = tasks.get(id);
        ConnectionRt c = task == null ? null : connections.get(task.bankConnectionId);
        if (c == null || task.isFinal()) return;
        task.status = task.spec.status();
        taskFinal(task, c);
    }

    private Reply updateFailure(Call call, ConnectionRt c, UpdateErrorSpec failure) {
        String message = failure.message() != null
                ? failure.message()
                : switch (failure.code()) {
                    case "INVALID_CONSENT" ->
                        "The consent for this bank connection has expired. Please retry the call to request a "
                                + "new consent.";
                    case "BANK_SERVER_REJECTION" ->
                        "Die Anmeldung ist fehlgeschlagen. Bitte prüfen Sie Ihre Zugangsdaten.";
                    case "WEB_FORM_REQUIRED" -> "The user must enter credentials in a web form.";
                    case "ADDITIONAL_AUTHENTICATION_REQUIRED" -> "Additional authentication is required by the bank.";
                    default -> "Update of bank connection " + c.id + " failed (" + failure.code() + ")";
                };
        MultiStepAuthentication msa = null;
        if (failure.multiStepAuthentication() != null) {
            String status = failure.multiStepAuthentication();
            String hash = String.format("msa-%d-%d", c.id, c.scenario.updateCalls);
            boolean redirect = status.equals("REDIRECT_REQUIRED");
            msa = new MultiStepAuthentication(
                    hash,
                    status,
                    redirect
                            ? "Bitte autorisieren Sie den Zugriff bei Ihrer Bank."
                            : "Bitte bestätigen Sie den Vorgang.",
                    status.equals("CHALLENGE_RESPONSE_REQUIRED") ? "TAN" : null,
                    redirect ? "https://bank.sandbox.invalid/sca?hash=" + hash : null,
                    redirect ? hash : null,
                    redirect ? "redirectContext" : null,
                    List.of(),
                    null,
                    null,
                    null,
                    false);
        }
        String type = failure.status() >= 500 && failure.status() != 510 ? "TECHNICAL" : "BUSINESS";
        return error(call, failure.status(), failure.code(), type, message, msa);
    }

    private ConnectionRt connectionOr404(Call call, String rawId) {
        Long id = parseLongOrNull(rawId);
        if (id == null) {
            throw new Reply.Halt(
                    error(call, 400, "BAD_REQUEST", "BUSINESS", "'" + rawId + "' is not a valid id", null));
        }
        ConnectionRt c = connections.get(id);
        if (c == null || !scope.reach(UserScope.Kind.CONNECTION, id, call.userId)) {
            throw new Reply.Halt(
                    error(call, 404, "UNKNOWN_ENTITY", "BUSINESS", "Bank connection " + id + " not found", null));
        }
        return c;
    }

    // ---------------------------------------------------------------- accounts

    private Reply getAccounts(Call call) {
        authenticate(call, true);
        List<Long> ids = idList(call, "ids");
        List<Long> connectionIds = idList(call, "bankConnectionIds");
        List<Account> result = new ArrayList<>();
        String scenarioId = null;
        boolean named = ids != null || connectionIds != null;
        for (AccountRt a : accounts.values()) {
            if ((ids == null || ids.contains(a.id))
                    && (connectionIds == null || connectionIds.contains(a.connection.id))
                    && visible(a.connection, call.userId, named)) {
                result.add(view(a));
                scenarioId = scenarioId == null ? a.connection.scenario.id : scenarioId;
            }
        }
        return Reply.json(200, new AccountList(result)).withScenario(scenarioId);
    }

    /** Listings by id may adopt an unowned connection (as naming it by id would); an unfiltered listing never does. */
    private boolean visible(ConnectionRt c, String userId, boolean namedById) {
        return namedById
                ? scope.reach(UserScope.Kind.CONNECTION, c.id, userId)
                : scope.owns(UserScope.Kind.CONNECTION, c.id, userId);
    }

    private List<Long> idList(Call call, String param) {
        String raw = call.r.param(param);
        if (raw == null) {
            return null;
        }
        List<Long> ids = idsOrNull(raw);
        if (ids == null) {
            throw new Reply.Halt(error(
                    call,
                    400,
                    "BAD_REQUEST",
                    "BUSINESS",
                    "'" + param + "' must be a comma-separated list of ids",
                    null));
        }
        if (ids.size() > MAX_IDS) {
            throw new Reply.Halt(error(
                    call,
                    400,
                    "TOO_MANY_IDS",
                    "BUSINESS",
                    "Too many ids in '" + param + "': " + ids.size() + " given, at most " + MAX_IDS + " allowed",
                    null));
        }
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    private Reply getAccount(Call call) {
        authenticate(call, true);
        Long id = parseLongOrNull(call.r.pathId());
        if (id == null) {
            return error(call, 400, "BAD_REQUEST", "BUSINESS", "'" + call.r.pathId() + "' is not a valid id", null);
        }
        AccountRt a = accounts.get(id);
        if (a == null || !scope.reach(UserScope.Kind.CONNECTION, a.connection.id, call.userId)) {
            return error(call, 404, "UNKNOWN_ENTITY", "BUSINESS", "Account " + id + " not found", null);
        }
        return Reply.json(200, view(a)).withScenario(a.connection.scenario.id);
    }

    // ---------------------------------------------------------------- views

    private BankConnection view(ConnectionRt c) {
        Scenario.ConnectionSpec spec = c.scenario.spec.bankConnection();
        boolean consentExpired =
                spec.updateError() != null && spec.updateError().code().equals("INVALID_CONSENT");
        AisConsent consent = consentExpired
                ? new AisConsent("NOT_PRESENT", FinapiJson.v2(c.scenario.registeredAt.minus(Duration.ofDays(1))), true)
                : new AisConsent("PRESENT", FinapiJson.v2(c.scenario.registeredAt.plus(Duration.ofDays(90))), true);
        // Consents exist only where PSD2 applies: the XS2A interface.
        BankConnectionInterface iface = new BankConnectionInterface(
                spec.bankingInterface(),
                List.of(),
                null,
                List.of(),
                "XS2A".equals(spec.bankingInterface()) ? consent : null,
                c.lastManualUpdate,
                null,
                spec.userActionRequired(),
                MAX_DAYS_FOR_DOWNLOAD);
        ScenarioRt sc = c.scenario;
        Bank bank = new Bank(
                sc.bankId,
                sc.bankName(),
                sc.spec.bank().bic(),
                sc.spec.bank().blz() != null ? sc.spec.bank().blz() : DEFAULT_BLZ,
                "DE",
                "Berlin",
                true,
                0,
                List.of(),
                false);
        String name = spec.name() != null ? spec.name() : sc.bankName();
        return new BankConnection(
                c.id,
                name,
                bank,
                c.updateStatus,
                c.categorizationStatus,
                List.of(iface),
                List.copyOf(c.accountIds),
                List.of());
    }

    private Account view(AccountRt a) {
        Scenario.ConnectionSpec connection = a.connection.scenario.spec.bankConnection();
        String bankingInterface =
                a.spec.bankingInterface() != null ? a.spec.bankingInterface() : connection.bankingInterface();
        boolean checking = a.spec.accountType().equals("Checking");
        List<String> capabilities = checking
                ? List.of(
                        "DATA_DOWNLOAD",
                        "IBAN_ONLY_SEPA_MONEY_TRANSFER",
                        "SEPA_MONEY_TRANSFER",
                        "SEPA_COLLECTIVE_MONEY_TRANSFER")
                : List.of("DATA_DOWNLOAD");
        AccountInterface iface = new AccountInterface(
                bankingInterface,
                a.status,
                capabilities,
                new PaymentCapabilities(checking, false, false, checking, checking, false, false),
                FinapiJson.v2(a.lastSuccess),
                FinapiJson.v2(a.connection.lastUpdateAttempt));
        return new Account(
                a.id,
                a.connection.id,
                a.spec.accountName(),
                a.iban,
                Ibans.germanAccountNumber(a.iban),
                null,
                a.spec.accountHolderName() != null ? a.spec.accountHolderName() : "Max Mustermann",
                null,
                a.spec.currency() != null ? a.spec.currency() : "EUR",
                a.spec.accountType(),
                a.balance,
                null,
                null,
                null,
                a.isNew,
                List.of(iface),
                false);
    }

    // ---------------------------------------------------------------- errors and parsing helpers

    private Reply error(Call call, int status, String code, String type, String message, MultiStepAuthentication msa) {
        if (call.r.route() != null && call.r.route().isWebFormApi()) {
            return webFormError(call.r, status, code, message);
        }
        String authContext =
                !call.authenticated ? null : options.clientId() + (call.userId == null ? "" : "/" + call.userId);
        return Reply.json(
                status,
                new ErrorMessage(
                        List.of(new ErrorDetail(message, code, type, msa)),
                        FinapiJson.v2(now()),
                        call.r.requestId(),
                        call.r.endpoint(),
                        authContext,
                        null));
    }

    /** Access errors become Web Form's shape: its codes, and 400 as a ValidationError naming the field. */
    private Reply webFormError(ApiRequest r, int status, String code, String message) {
        if (status == 400) {
            return WebFormErrors.validation(
                    code != null && code.startsWith("field:") ? code.substring(6) : "body",
                    message,
                    r.endpoint(),
                    now());
        }
        String webFormCode = code == null
                ? null
                : switch (code) {
                    case "UNKNOWN_ENTITY" -> status == 404 ? "NOT_FOUND" : "BANK_NOT_SUPPORTED";
                    case "ILLEGAL_FIELD_VALUE", "MISSING_FIELD", "ILLEGAL_ENTITY_STATE" -> "NOT_ALLOWED";
                    case "UNSUPPORTED_BANK" -> "BANK_NOT_SUPPORTED";
                    case "UNEXPECTED_ERROR" -> "INTERNAL_SERVER_ERROR";
                    default -> code;
                };
        return WebFormErrors.error(status, webFormCode, message, r.endpoint(), now());
    }

    /** finAPI-style error body for an injected fault status (401 uses the OAuth shape like the real thing). */
    Reply faultError(ApiRequest r, ScenarioRt owner, FaultSpec fault) {
        int status = fault.status();
        if (r.route() != null && r.route().isWebFormApi()) {
            String message = fault.message() != null
                    ? fault.message()
                    : "Injected by sandbox scenario '" + owner.spec.name() + "': HTTP " + status;
            return webFormError(
                    r,
                    status,
                    status == 400 && fault.field() != null ? "field:" + fault.field() : fault.code(),
                    message);
        }
        if (status == 401) {
            return oauthError(401, "invalid_token", fault.message() != null ? fault.message() : "Invalid access token");
        }
        String code = fault.code() != null
                ? fault.code()
                : switch (status) {
                    case 400 -> "BAD_REQUEST";
                    case 403 -> "FORBIDDEN";
                    case 404 -> "UNKNOWN_ENTITY";
                    case 405 -> "METHOD_NOT_ALLOWED";
                    case 415 -> "UNSUPPORTED_MEDIA_TYPE";
                    case 422 -> "ILLEGAL_ENTITY_STATE";
                    case 423 -> "LOCKED";
                    case 501 -> "UNSUPPORTED_BANK";
                    case 510 -> "ADDITIONAL_AUTHENTICATION_REQUIRED";
                    default -> status >= 500 ? "UNEXPECTED_ERROR" : "BAD_REQUEST";
                };
        String message = fault.message() != null
                ? fault.message()
                : "Injected by sandbox scenario '" + owner.spec.name() + "': HTTP " + status;
        String type = status >= 500 && status != 510 ? "TECHNICAL" : "BUSINESS";
        return Reply.json(
                status,
                new ErrorMessage(
                        List.of(new ErrorDetail(message, code, type, null)),
                        FinapiJson.v2(now()),
                        r.requestId(),
                        r.endpoint(),
                        null,
                        null));
    }

    Reply plainError(ApiRequest r, int status, String code, String message) {
        return Reply.json(
                status,
                new ErrorMessage(
                        List.of(new ErrorDetail(message, code, "BUSINESS", null)),
                        FinapiJson.v2(now()),
                        r.requestId(),
                        r.endpoint(),
                        null,
                        null));
    }

    private JsonNode jsonBody(Call call) {
        if (call.r.invalidJson()) {
            throw new Reply.Halt(error(call, 400, "BAD_REQUEST", "BUSINESS", "Request body is not valid JSON", null));
        }
        JsonNode json = call.r.json();
        if (json != null && !json.isObject()) {
            throw new Reply.Halt(
                    error(call, 400, "BAD_REQUEST", "BUSINESS", "Request body must be a JSON object", null));
        }
        return json == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : json;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long parseLongOrNull(String s) {
        if (s == null || !s.matches("\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(s);
    }

    private static List<Long> idsOrNull(String raw) {
        List<Long> ids = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            Long id = parseLongOrNull(part.trim());
            if (id == null) {
                return null;
            }
            ids.add(id);
        }
        return ids;
    }

    private static List<Long> idsOrEmpty(String raw) {
        if (raw == null) {
            return List.of();
        }
        List<Long> ids = idsOrNull(raw);
        return ids == null ? List.of() : ids;
    }

    // ---------------------------------------------------------------- entities

    static final class ScenarioRt {
        final String id;
        final Scenario spec;
        final long bankId;
        final Instant registeredAt;
        final List<FaultRt> faults;
        final List<Long> connectionIds = new ArrayList<>();
        int updateCalls;

        ScenarioRt(String id, Scenario spec, long bankId, Instant registeredAt) {
            this.id = id;
            this.spec = spec;
            this.bankId = bankId;
            this.registeredAt = registeredAt;
            this.faults = spec.faults().stream().map(FaultRt::new).toList();
        }

        String bankName() {
            return spec.bank().name() != null ? spec.bank().name() : "Sandbox Bank (" + spec.name() + ")";
        }
    }

    private static final class FaultRt {
        final FaultSpec spec;
        int matched;
        int applied;

        FaultRt(FaultSpec spec) {
            this.spec = spec;
        }
    }

    private static final class ConnectionRt {
        final long id;
        final ScenarioRt scenario;
        final List<Long> accountIds = new ArrayList<>();
        String updateStatus = READY;
        String categorizationStatus = READY;
        int polls;
        int categorizationPolls;
        Instant lastUpdateAttempt;
        UpdateResult lastManualUpdate;

        ConnectionRt(long id, ScenarioRt scenario) {
            this.id = id;
            this.scenario = scenario;
        }
    }

    private static final class AccountRt {
        final long id;
        final ConnectionRt connection;
        final AccountSpec spec;
        final String iban;
        final BigDecimal balance;
        final boolean isNew;
        String status;
        Instant lastSuccess;

        AccountRt(long id, ConnectionRt connection, AccountSpec spec, String iban, BigDecimal balance, boolean isNew) {
            this.id = id;
            this.connection = connection;
            this.spec = spec;
            this.iban = iban;
            this.balance = balance;
            this.isNew = isNew;
        }
    }

    private static final class WebFormRt {
        final String id;
        final long seq;
        final ScenarioRt scenario;
        final Instant createdAt;
        final String baseUrl;
        String status = "NOT_YET_OPENED";
        int polls;
        Long connectionId;
        String ownerUserId;
        /** callbacks.finalised of an import form; a task's form calls back through its task (taskId). */
        String callbackUrl;

        String taskId;

        final Scenario.WebFormSpec spec;
        /** The connection a BANK_CONNECTION_UPDATE form updates; null for an import form. */
        final ConnectionRt updateOf;

        WebFormRt(
                String id,
                long seq,
                ScenarioRt scenario,
                Instant createdAt,
                String baseUrl,
                Scenario.WebFormSpec spec,
                ConnectionRt updateOf) {
            this.id = id;
            this.seq = seq;
            this.scenario = scenario;
            this.createdAt = createdAt;
            this.baseUrl = baseUrl;
            this.spec = spec;
            this.updateOf = updateOf;
        }

        String url() {
            return baseUrl + "/webform/" + id;
        }

        WebForm view() {
            boolean withError = status.equals("COMPLETED_WITH_ERROR");
            return new WebForm(
                    id,
                    url(),
                    FinapiJson.webForm(createdAt),
                    FinapiJson.webForm(createdAt.plus(WEB_FORM_VALIDITY)),
                    updateOf == null ? "BANK_CONNECTION_IMPORT" : "BANK_CONNECTION_UPDATE",
                    status,
                    new WebFormPayload(
                            connectionId,
                            withError ? spec.errorCode() : null,
                            withError
                                    ? (spec.errorMessage() != null ? spec.errorMessage() : "The import failed")
                                    : null));
        }
    }

    private record UserRt(String id, String password, String email, String phone) {
        User view() {
            return new User(id, password, email, phone, false);
        }
    }

    private static final class TokenRt {
        final String userId;
        final Instant expiresAt;
        final String refreshToken;
        int uses;

        TokenRt(String userId, Instant expiresAt, String refreshToken) {
            this.userId = userId;
            this.expiresAt = expiresAt;
            this.refreshToken = refreshToken;
        }
    }
}
