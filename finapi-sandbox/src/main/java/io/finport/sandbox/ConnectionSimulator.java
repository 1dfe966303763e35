package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.FinapiJson.Account;
import io.finport.sandbox.FinapiJson.AccountList;
import io.finport.sandbox.FinapiJson.MultiStepAuthentication;
import io.finport.sandbox.FinapiJson.UpdateResult;
import io.finport.sandbox.Scenario.AccountSpec;
import io.finport.sandbox.Scenario.UpdateErrorSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * finAPI's bank connections and accounts: creating a scenario's connection, the update run that each poll of
 * {@code GET /bankConnections/{id}} advances (download, then categorization), {@code POST /bankConnections/update}
 * with the scenario's failures, and the account listings. Not thread-safe: called under {@link SandboxState}'s lock.
 */
final class ConnectionSimulator {
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String READY = "READY";
    static final String PENDING = "PENDING";
    static final int MAX_IDS = 1000;
    private static final Duration PRIOR_UPDATE_AGE = Duration.ofDays(1);

    private final OAuthSimulator oauth;
    private final UserScope scope;
    private final ErrorReplies errors;

    // Ids are never reused, not even after reset (see ScenarioRegistry).
    private long nextConnectionId;
    private long nextAccountId = 500_001;
    private final Map<Long, ConnectionRt> connections = new HashMap<>();
    private final Map<Long, AccountRt> accounts = new TreeMap<>();

    ConnectionSimulator(OAuthSimulator oauth, UserScope scope, ErrorReplies errors, long firstConnectionId) {
        this.nextConnectionId = firstConnectionId;
        this.oauth = oauth;
        this.scope = scope;
        this.errors = errors;
    }

    ConnectionRt connection(Long id) {
        return connections.get(id);
    }

    AccountRt account(Long id) {
        return accounts.get(id);
    }

    /** Forgets the scenario's connections and their accounts. */
    void removeScenario(ScenarioRt sc) {
        for (long connectionId : sc.connectionIds) {
            ConnectionRt c = connections.remove(connectionId);
            c.accountIds.forEach(accounts::remove);
            scope.forget(UserScope.Kind.CONNECTION, connectionId);
        }
    }

    void clear() {
        connections.clear();
        accounts.clear();
    }

    ConnectionRt createConnection(ScenarioRt sc, Instant at, String ownerUserId) {
        Scenario spec = sc.spec;
        ConnectionRt c = new ConnectionRt(nextConnectionId++, sc);
        connections.put(c.id, c);
        scope.assign(UserScope.Kind.CONNECTION, c.id, ownerUserId);
        sc.connectionIds.add(c.id);
        boolean imported = spec.type() == Scenario.Type.IMPORT;
        Instant prior = imported ? null : at.minus(PRIOR_UPDATE_AGE);
        String blz = spec.bank().blz() != null ? spec.bank().blz() : ConnectionViews.DEFAULT_BLZ;
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

    void startRun(ConnectionRt c, Instant at) {
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

    void finishRun(ConnectionRt c, Instant now) {
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

    Reply getConnection(Call call) {
        oauth.authenticate(call, true);
        ConnectionRt c = connectionOr404(call, call.r.pathId());
        poll(c, errors.now());
        return Reply.json(200, ConnectionViews.view(c)).withScenario(c.scenario.id);
    }

    Reply updateConnection(Call call) {
        oauth.authenticate(call, true);
        JsonNode body = errors.jsonBody(call);
        JsonNode idNode = body.get("bankConnectionId");
        if (idNode == null || idNode.isNull()) {
            return errors.business(call, 422, "MISSING_FIELD", "'bankConnectionId' is required");
        }
        ConnectionRt c = connectionOr404(call, idNode.asText());
        ScenarioRt sc = c.scenario;
        sc.updateCalls++;
        Scenario.ConnectionSpec spec = sc.spec.bankConnection();
        String bankingInterface = ErrorReplies.text(body, "bankingInterface");
        if (bankingInterface == null) {
            return errors.business(call, 422, "MISSING_FIELD", "'bankingInterface' is required")
                    .withScenario(sc.id);
        }
        if (!bankingInterface.equals(spec.bankingInterface())) {
            return errors.business(
                            call,
                            422,
                            "ILLEGAL_FIELD_VALUE",
                            "Bank connection " + c.id + " has no interface " + bankingInterface + " (it has "
                                    + spec.bankingInterface() + ")")
                    .withScenario(sc.id);
        }
        if (c.updateStatus.equals(IN_PROGRESS)) {
            return errors.business(
                            call,
                            423,
                            "LOCKED",
                            "Bank connection " + c.id
                                    + " cannot get updated at the moment as it is currently being imported or updated")
                    .withScenario(sc.id);
        }
        UpdateErrorSpec failure = spec.updateError();
        if (failure != null) {
            return updateFailure(call, c, failure).withScenario(sc.id);
        }
        startRun(c, errors.now());
        return Reply.json(200, ConnectionViews.view(c)).withScenario(sc.id);
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
        String type = ErrorReplies.technicalOrBusiness(failure.status());
        return errors.error(call, failure.status(), failure.code(), type, message, msa);
    }

    /** The connection a path or body names, if the caller may see it; otherwise the request ends with 400 or 404. */
    ConnectionRt connectionOr404(Call call, String rawId) {
        Long id = Ids.parseOrNull(rawId);
        if (id == null) {
            throw errors.halt(call, 400, "BAD_REQUEST", "'" + rawId + "' is not a valid id");
        }
        ConnectionRt c = connections.get(id);
        if (c == null || !scope.reach(UserScope.Kind.CONNECTION, id, call.userId)) {
            throw errors.halt(call, 404, "UNKNOWN_ENTITY", "Bank connection " + id + " not found");
        }
        return c;
    }

    Reply getAccounts(Call call) {
        oauth.authenticate(call, true);
        List<Long> ids = idList(call, "ids");
        List<Long> connectionIds = idList(call, "bankConnectionIds");
        List<Account> result = new ArrayList<>();
        String scenarioId = null;
        boolean named = ids != null || connectionIds != null;
        for (AccountRt a : accounts.values()) {
            if ((ids == null || ids.contains(a.id))
                    && (connectionIds == null || connectionIds.contains(a.connection.id))
                    && visible(a.connection, call.userId, named)) {
                result.add(ConnectionViews.view(a));
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
        List<Long> ids = Ids.listOrNull(raw);
        if (ids == null) {
            throw errors.halt(call, 400, "BAD_REQUEST", "'" + param + "' must be a comma-separated list of ids");
        }
        if (ids.size() > MAX_IDS) {
            throw errors.halt(
                    call,
                    400,
                    "TOO_MANY_IDS",
                    "Too many ids in '" + param + "': " + ids.size() + " given, at most " + MAX_IDS + " allowed");
        }
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    Reply getAccount(Call call) {
        oauth.authenticate(call, true);
        Long id = Ids.parseOrNull(call.r.pathId());
        if (id == null) {
            return errors.business(call, 400, "BAD_REQUEST", "'" + call.r.pathId() + "' is not a valid id");
        }
        AccountRt a = accounts.get(id);
        if (a == null || !scope.reach(UserScope.Kind.CONNECTION, a.connection.id, call.userId)) {
            return errors.business(call, 404, "UNKNOWN_ENTITY", "Account " + id + " not found");
        }
        return Reply.json(200, ConnectionViews.view(a)).withScenario(a.connection.scenario.id);
    }
}
