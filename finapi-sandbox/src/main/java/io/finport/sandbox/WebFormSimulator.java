package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.FinapiJson.UpdateResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Web Form 2.0: import web forms (the scenario's connection appears when one completes), background update tasks, the
 * web form a WEB_FORM_REQUIRED task hands out, the callbacks they send when final, and the page a person would open.
 * Not thread-safe: called under {@link SandboxState}'s lock (so are the timer actions, see SandboxCallbacks).
 */
final class WebFormSimulator {
    private static final String IN_PROGRESS = ConnectionSimulator.IN_PROGRESS;

    private final SandboxOptions options;
    private final ScenarioRegistry scenarios;
    private final OAuthSimulator oauth;
    private final ConnectionSimulator connections;
    private final SandboxTasks tasks;
    private final SandboxCallbacks callbacks;
    private final UserScope scope;
    private final ErrorReplies errors;

    private long nextWebFormId = 1;
    private final Map<String, WebFormRt> webForms = new HashMap<>();

    WebFormSimulator(
            SandboxOptions options,
            ScenarioRegistry scenarios,
            OAuthSimulator oauth,
            ConnectionSimulator connections,
            SandboxTasks tasks,
            SandboxCallbacks callbacks,
            UserScope scope,
            ErrorReplies errors) {
        this.options = options;
        this.scenarios = scenarios;
        this.oauth = oauth;
        this.connections = connections;
        this.tasks = tasks;
        this.callbacks = callbacks;
        this.scope = scope;
        this.errors = errors;
    }

    WebFormRt webForm(String id) {
        return webForms.get(id);
    }

    Collection<WebFormRt> all() {
        return webForms.values();
    }

    /** Forgets the scenario's web forms and tasks. */
    void removeScenario(ScenarioRt sc) {
        webForms.values().removeIf(w -> {
            if (w.scenario == sc) {
                scope.forget(UserScope.Kind.WEB_FORM, w.id);
            }
            return w.scenario == sc;
        });
        tasks.removeScenario(sc.id);
    }

    void clear() {
        webForms.clear();
        tasks.clear();
    }

    Reply createImportWebForm(Call call) {
        oauth.authenticate(call, true);
        JsonNode body = errors.jsonBody(call);
        JsonNode bankId = body.path("bank").get("id");
        ScenarioRt sc = scenarios.importScenarioFor(body);
        if (sc == null) {
            if (bankId == null || bankId.isNull()) {
                return errors.business(
                        call,
                        422,
                        "MISSING_FIELD",
                        "'bank.id' is required (the sandbox maps it to an IMPORT scenario)");
            }
            return errors.business(call, 422, "UNKNOWN_ENTITY", "Bank with id " + bankId.asText() + " not found");
        }
        if (sc.spec.type() != Scenario.Type.IMPORT) {
            return errors.business(
                            call,
                            422,
                            "ILLEGAL_FIELD_VALUE",
                            "Bank " + sc.bankId + " belongs to scenario '" + sc.spec.name() + "' of type "
                                    + sc.spec.type() + "; import web forms need an IMPORT scenario")
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
        WebFormRt w =
                new WebFormRt(UUID.randomUUID().toString(), nextWebFormId++, sc, errors.now(), baseUrl, spec, updateOf);
        w.ownerUserId = userId;
        webForms.put(w.id, w);
        scope.assign(UserScope.Kind.WEB_FORM, w.id, userId);
        Integer after = spec.callback().finalAfterMillis();
        if (after != null) callbacks.after(after, () -> finaliseWebFormByTime(w.id));
        return w;
    }

    /** A web form with finalAfterMillis: the person finished it, whether or not anyone polled. */
    private void finaliseWebFormByTime(String id) {
        WebFormRt w = webForms.get(id);
        if (w != null && !w.isFinal()) finaliseWebForm(w);
    }

    private void finaliseWebForm(WebFormRt w) {
        w.status = w.spec.status();
        if (w.status.equals("COMPLETED") && w.updateOf != null) {
            // The user logged in: the update of the existing connection runs now.
            connections.startRun(w.updateOf, errors.now());
            w.connectionId = w.updateOf.id;
        } else if (w.status.equals("COMPLETED")) {
            w.connectionId = connections.createConnection(w.scenario, errors.now(), w.ownerUserId).id;
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
            sendTaskFinalised(task, w.status, w.spec.callback());
        }
    }

    Reply getWebForm(Call call) {
        oauth.authenticate(call, true);
        WebFormRt w = webForms.get(call.r.pathId());
        if (w == null || !scope.reach(UserScope.Kind.WEB_FORM, w.id, call.userId)) {
            return errors.business(call, 404, "UNKNOWN_ENTITY", "Web form " + call.r.pathId() + " not found");
        }
        if (!w.isFinal()) {
            w.polls++;
            if (w.polls >= Math.max(1, w.spec.pollsUntilFinal())) {
                finaliseWebForm(w);
            } else {
                w.status = IN_PROGRESS;
            }
        }
        return Reply.json(200, w.view()).withScenario(w.scenario.id);
    }

    Reply webFormPage(Call call) {
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

    // ---------------------------------------------------------------- tasks (background update)

    Reply backgroundUpdate(Call call) {
        oauth.authenticate(call, true);
        JsonNode body = errors.jsonBody(call);
        JsonNode idNode = body.get("bankConnectionId");
        if (idNode == null || !idNode.canConvertToLong()) {
            return errors.business(call, 400, "field:bankConnectionId", "must be a bank connection id");
        }
        String mode = ErrorReplies.text(body, "importNewAccountsMode");
        if (mode != null && !List.of("SKIP", "CONDITIONAL", "FORCED").contains(mode)) {
            return errors.business(call, 400, "field:importNewAccountsMode", "must be SKIP, CONDITIONAL or FORCED");
        }
        JsonNode psu = body.get("userMetadata");
        if (psu != null
                && !psu.isNull()
                && !(psu.path("ipAddress").isTextual()
                        && psu.path("deviceOs").isTextual()
                        && psu.path("userAgent").isTextual())) {
            return errors.business(call, 400, "field:userMetadata", "needs ipAddress, deviceOs and userAgent");
        }
        ConnectionRt c = connections.connectionOr404(call, idNode.asText());
        ScenarioRt sc = c.scenario;
        sc.updateCalls++;
        if (c.updateStatus.equals(IN_PROGRESS)) {
            return errors.business(
                            call,
                            423,
                            "LOCKED",
                            "Bank connection " + c.id + " is being imported or updated at the moment")
                    .withScenario(sc.id);
        }
        SandboxTasks.TaskRt task = tasks.create(sc.id, c.id, sc.spec.task(), errors.now());
        scope.assign(UserScope.Kind.TASK, task.id, call.userId);
        String[] urls = callbacks.register(body);
        task.finalisedUrl = urls[0];
        task.webFormRequiredUrl = urls[1];
        task.ownerUserId = call.userId;
        task.baseUrl = baseUrl(call);
        Integer after = task.spec.callback().finalAfterMillis();
        if (after != null) callbacks.after(after, () -> finaliseTaskByTime(task.id));
        if (!task.spec.status().equals("WEB_FORM_REQUIRED")) {
            connections.startRun(
                    c, errors.now()); // runs in the background at once; WEB_FORM_REQUIRED waits for the user
        }
        return Reply.json(201, SandboxTasks.view(task)).withScenario(sc.id);
    }

    Reply getTask(Call call) {
        oauth.authenticate(call, true);
        SandboxTasks.TaskRt task = tasks.get(call.r.pathId());
        ConnectionRt c = task == null || !scope.reach(UserScope.Kind.TASK, task.id, call.userId)
                ? null
                : connections.connection(task.bankConnectionId);
        if (c == null) {
            return errors.business(call, 404, "NOT_FOUND", "Task " + call.r.pathId() + " not found");
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
                    connections.finishRun(c, errors.now()); // the task completes once finAPI's update has finished
                }
            }
            case "COMPLETED_WITH_ERROR" -> {
                c.updateStatus = ConnectionSimulator.READY;
                c.lastManualUpdate = new UpdateResult(
                        task.spec.errorCode().equals("BANK_SERVER_REJECTION")
                                ? "BANK_SERVER_REJECTION"
                                : "INTERNAL_SERVER_ERROR",
                        null,
                        "BUSINESS",
                        FinapiJson.v2(errors.now()));
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
            sendTaskFinalised(task, task.status, task.spec.callback());
        }
    }

    private void sendTaskFinalised(SandboxTasks.TaskRt task, String status, Scenario.CallbackSpec spec) {
        callbacks.send("task.finalised", task.id, status, task.finalisedUrl, Map.of("taskId", task.id), spec);
    }

    /** A task with finalAfterMillis: finAPI finished it, whether or not anyone polled. */
    private void finaliseTaskByTime(String id) {
        SandboxTasks.TaskRt task = tasks.get(id);
        ConnectionRt c = task == null ? null : connections.connection(task.bankConnectionId);
        if (c == null || task.isFinal()) return;
        task.status = task.spec.status();
        taskFinal(task, c);
    }
}
