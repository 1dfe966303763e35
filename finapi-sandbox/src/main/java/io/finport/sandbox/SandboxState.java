package io.finport.sandbox;

import java.util.List;
import java.util.Set;

/**
 * The simulated finAPI world, assembled from simulators with one job each: scenarios ({@link ScenarioRegistry}), OAuth
 * and users ({@link OAuthSimulator}), connections and accounts ({@link ConnectionSimulator}), web forms and tasks
 * ({@link WebFormSimulator}), faults ({@link FaultSimulator}) and the request log ({@link RequestLog}). Every method
 * here is synchronized and the simulators are only called under this lock, so concurrent requests see one consistent
 * order of events; the state only moves when requests arrive (polls), never with wall-clock time, which keeps runs
 * deterministic; the one exception is a scenario's finalAfterMillis (a web form or task turning final by time, see
 * SandboxCallbacks, whose timer takes this lock too).
 */
final class SandboxState {
    private final ErrorReplies errors;
    private final ScenarioRegistry scenarios = new ScenarioRegistry();
    private final UserScope scope = new UserScope();
    private final RequestLog log = new RequestLog();
    private final SandboxCallbacks callbacks;
    private final OAuthSimulator oauth;
    private final ConnectionSimulator connections;
    private final WebFormSimulator webForms;
    private final FaultSimulator faults;

    SandboxState(SandboxOptions options) {
        SandboxTasks tasks = new SandboxTasks();
        this.errors = new ErrorReplies(options.clientId(), options.clock());
        this.callbacks = new SandboxCallbacks(options.clock(), this);
        this.oauth = new OAuthSimulator(options, scenarios, errors);
        this.connections = new ConnectionSimulator(oauth, scope, errors, options.firstConnectionId());
        this.webForms = new WebFormSimulator(options, scenarios, oauth, connections, tasks, callbacks, scope, errors);
        this.faults = new FaultSimulator(scenarios, connections, webForms, tasks);
    }

    SandboxCallbacks callbacks() {
        return callbacks;
    }

    // ---------------------------------------------------------------- scenarios (admin + Java API)

    synchronized RegisteredScenario register(Scenario spec) {
        if (spec.user() != null) {
            oauth.registerScenarioUser(spec.user());
        }
        ScenarioRt sc = scenarios.add(spec, errors.now());
        ConnectionRt connection = null;
        if (spec.type() != Scenario.Type.IMPORT) {
            connection = connections.createConnection(
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
        connections.removeScenario(sc);
        webForms.removeScenario(sc);
        return true;
    }

    synchronized void reset() {
        callbacks.clear();
        scenarios.clear();
        connections.clear();
        webForms.clear();
        oauth.clear();
        log.clear();
        scope.clear();
    }

    synchronized ScenarioState scenarioState(String scenarioId) {
        ScenarioRt sc = scenarios.get(scenarioId);
        return sc == null ? null : stateOf(sc);
    }

    synchronized List<ScenarioState> scenarioStates() {
        return scenarios.all().stream().map(this::stateOf).toList();
    }

    private ScenarioState stateOf(ScenarioRt sc) {
        ConnectionRt c = sc.connectionIds.isEmpty() ? null : connections.connection(sc.connectionIds.getLast());
        List<ScenarioState.WebFormState> forms = webForms.all().stream()
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
        List<ScenarioState.FaultState> faultStates = sc.faults.stream()
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
                faultStates);
    }

    // ---------------------------------------------------------------- request log

    synchronized void record(RecordedRequest request) {
        log.record(request);
    }

    synchronized List<RecordedRequest> requests(String scenarioId) {
        return log.requests(scenarioId);
    }

    synchronized void clearRequests() {
        log.clear();
    }

    /** The finAPI user a bearer token belongs to (null for client tokens and unknown tokens); does not count a use. */
    synchronized String tokenUser(String authorization) {
        return oauth.tokenUser(authorization);
    }

    /** The access and refresh tokens held now (secrets: for leak checks only). */
    synchronized Set<String> issuedTokens() {
        return oauth.issuedTokens();
    }

    /** Owner of a bank connection: null while no user has imported or adopted it. */
    synchronized String connectionOwner(long connectionId) {
        return scope.owner(UserScope.Kind.CONNECTION, connectionId);
    }

    // ---------------------------------------------------------------- faults and API dispatch

    synchronized FaultSimulator.FaultDecision claimFault(ApiRequest r) {
        return faults.claimFault(r);
    }

    /** finAPI-style error body for an injected fault status. */
    Reply faultError(ApiRequest r, ScenarioRt owner, Scenario.FaultSpec fault) {
        return errors.faultError(r, owner, fault);
    }

    Reply plainError(ApiRequest r, int status, String code, String message) {
        return errors.plainError(r, status, code, message);
    }

    synchronized Reply handle(ApiRequest r) {
        Call call = new Call(r);
        try {
            return switch (r.route()) {
                case TOKEN -> oauth.token(call);
                case CREATE_USER -> oauth.createUser(call);
                case GET_USER -> oauth.getUser(call);
                case DELETE_USER -> oauth.deleteUser(call);
                case CREATE_IMPORT_WEB_FORM -> webForms.createImportWebForm(call);
                case GET_WEB_FORM -> webForms.getWebForm(call);
                case WEB_FORM_PAGE -> webForms.webFormPage(call);
                case UPDATE_CONNECTION -> connections.updateConnection(call);
                case GET_CONNECTION -> connections.getConnection(call);
                case GET_ACCOUNTS -> connections.getAccounts(call);
                case GET_ACCOUNT -> connections.getAccount(call);
                case CREATE_BACKGROUND_UPDATE -> webForms.backgroundUpdate(call);
                case GET_TASK -> webForms.getTask(call);
            };
        } catch (Reply.Halt halt) {
            return halt.reply;
        }
    }
}
