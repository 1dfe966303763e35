package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * A deliberately simple finAPI post-processing client that follows the outcome vocabulary in the scenario files.
 * It is not the product: it exists so a test can prove each shipped scenario really produces the outcome and
 * warnings its {@code expect} block promises when driven against the sandbox.
 */
final class ReferenceClient {
    static final int MAX_POLLS = 12;
    private static final Set<String> KNOWN =
            Set.of("UPDATED", "UPDATED_FIXED", "DOWNLOAD_IN_PROGRESS", "DOWNLOAD_FAILED", "DEPRECATED");

    record Result(String outcome, Set<String> warnings) {}

    private final SandboxClient http;
    private String accessToken;
    private String refreshToken;

    ReferenceClient(SandboxClient http) {
        this.http = http;
    }

    Result run(RegisteredScenario scenario) throws Exception {
        return run(scenario, false);
    }

    /** {@code backgroundUpdate}: an UPDATE runs as Web Form 2.0's task (licence mode UNLICENSED). */
    Result run(RegisteredScenario scenario, boolean backgroundUpdate) throws Exception {
        JsonNode token = retry(() -> http.newUserToken("ref-" + scenario.scenarioId()));
        accessToken = token.get("access_token").asText();
        refreshToken = token.get("refresh_token").asText();
        Set<String> warnings = new TreeSet<>();
        boolean imported = scenario.type().equals("IMPORT");
        long connectionId;
        if (imported) {
            SandboxClient.Response form = call(() -> http.postJson(
                    "/api/webForms/bankConnectionImport",
                    accessToken,
                    "{\"bank\":{\"id\":" + scenario.bankId() + "}}"));
            if (form.status() != 201) {
                return new Result("FAILED", warnings);
            }
            String formId = form.json().get("id").asText();
            JsonNode state = null;
            for (int i = 0; i < MAX_POLLS; i++) {
                state = call(() -> http.get("/api/webForms/" + formId, accessToken))
                        .json();
                if (Set.of("COMPLETED", "ABORTED", "EXPIRED", "COMPLETED_WITH_ERROR")
                        .contains(state.get("status").asText())) {
                    break;
                }
            }
            switch (state.get("status").asText()) {
                case "ABORTED", "EXPIRED" -> {
                    return new Result("USER_ACTION_REQUIRED", warnings);
                }
                case "COMPLETED_WITH_ERROR" -> {
                    return new Result("FAILED", warnings);
                }
                case "COMPLETED" ->
                    connectionId = state.at("/payload/bankConnectionId").asLong();
                default -> {
                    return new Result("TIMED_OUT", warnings);
                }
            }
        } else {
            connectionId = scenario.bankConnectionId();
            if (scenario.type().equals("UPDATE") && backgroundUpdate) {
                Result ended = backgroundUpdate(connectionId, warnings);
                if (ended != null) {
                    return ended;
                }
            } else if (scenario.type().equals("UPDATE")) {
                SandboxClient.Response update = call(() -> http.update(accessToken, connectionId));
                String code = update.status() == 200
                        ? null
                        : update.json().at("/errors/0/code").asText();
                if (update.status() == 510 || "INVALID_CONSENT".equals(code) || "WEB_FORM_REQUIRED".equals(code)) {
                    return new Result("USER_ACTION_REQUIRED", warnings);
                }
                if (update.status() != 200 && update.status() != 423) {
                    return new Result("FAILED", warnings);
                }
            }
        }
        JsonNode connection = null;
        for (int i = 0; i < MAX_POLLS; i++) {
            connection = call(() -> http.connection(accessToken, connectionId)).json();
            if (connection.get("updateStatus").asText().equals("READY")) {
                break;
            }
        }
        if (!connection.get("updateStatus").asText().equals("READY")) {
            return new Result("TIMED_OUT", warnings);
        }
        for (int i = 0;
                i < MAX_POLLS
                        && !connection.get("categorizationStatus").asText().equals("READY");
                i++) {
            connection = call(() -> http.connection(accessToken, connectionId)).json();
        }
        if (!connection.get("categorizationStatus").asText().equals("READY")) {
            warnings.add("CATEGORIZATION_PENDING");
        }
        JsonNode iface = connection.at("/interfaces/0");
        if (iface.get("userActionRequired").asBoolean()) {
            return new Result("USER_ACTION_REQUIRED", warnings);
        }
        if (!iface.at("/lastManualUpdate/result").asText().equals("OK")) {
            return new Result("FAILED", warnings);
        }
        List<Long> ids = new ArrayList<>();
        connection.get("accountIds").forEach(n -> ids.add(n.asLong()));
        int updated = 0;
        int failed = 0;
        for (int from = 0; from < ids.size(); from += ConnectionSimulator.MAX_IDS) {
            String chunk = String.join(
                    ",",
                    ids.subList(from, Math.min(ids.size(), from + ConnectionSimulator.MAX_IDS)).stream()
                            .map(String::valueOf)
                            .toList());
            for (JsonNode account : call(() -> http.get("/api/v2/accounts?ids=" + chunk, accessToken))
                    .json()
                    .get("accounts")) {
                String status = account.at("/interfaces/0/status").asText();
                if (!KNOWN.contains(status)) {
                    warnings.add("UNEXPECTED_STATUS");
                    failed++;
                    continue;
                }
                switch (status) {
                    case "UPDATED" -> updated++;
                    case "UPDATED_FIXED" -> {
                        updated++;
                        // finAPI says an adjusting entry cannot occur on a new import: reported, and flagged as
                        // unexpected
                        warnings.add("BALANCE_ADJUSTED");
                        if (imported) warnings.add("UNEXPECTED_STATUS");
                    }
                    case "DEPRECATED" -> {
                        warnings.add("ACCOUNT_DEPRECATED");
                        if (imported) warnings.add("UNEXPECTED_STATUS");
                    }
                    default -> failed++;
                }
            }
        }
        if (updated == 0) {
            return new Result("FAILED", warnings);
        }
        return new Result(failed > 0 ? "PARTIALLY_FAILED" : "SUCCEEDED", warnings);
    }

    /** Follows the task (and its web form); null when the connection's download is to be followed next. */
    private Result backgroundUpdate(long connectionId, Set<String> warnings) throws Exception {
        SandboxClient.Response created = call(() -> http.postJson(
                "/api/tasks/backgroundUpdate", accessToken, "{\"bankConnectionId\":" + connectionId + "}"));
        if (created.status() == 423) {
            return null; // an update already runs: follow it
        }
        if (created.status() != 201) {
            return new Result("FAILED", warnings);
        }
        String taskId = created.json().get("id").asText();
        JsonNode task = null;
        for (int i = 0; i < MAX_POLLS; i++) {
            task = call(() -> http.get("/api/tasks/" + taskId, accessToken)).json();
            if (Set.of("COMPLETED", "WEB_FORM_REQUIRED", "COMPLETED_WITH_ERROR")
                    .contains(task.get("status").asText())) {
                break;
            }
        }
        switch (task.get("status").asText()) {
            case "COMPLETED" -> {
                return null;
            }
            case "COMPLETED_WITH_ERROR" -> {
                return new Result("FAILED", warnings);
            }
            case "WEB_FORM_REQUIRED" -> {
                String formId = task.at("/payload/webForm/id").asText();
                for (int i = 0; i < MAX_POLLS; i++) {
                    String status = call(() -> http.get("/api/webForms/" + formId, accessToken))
                            .json()
                            .get("status")
                            .asText();
                    if (status.equals("COMPLETED")) {
                        return null;
                    }
                    if (Set.of("ABORTED", "EXPIRED").contains(status)) {
                        return new Result("USER_ACTION_REQUIRED", warnings);
                    }
                    if (status.equals("COMPLETED_WITH_ERROR")) {
                        return new Result("FAILED", warnings);
                    }
                }
                return new Result("TIMED_OUT", warnings);
            }
            default -> {
                return new Result("TIMED_OUT", warnings);
            }
        }
    }

    /** Retries transport errors, 5xx and non-JSON answers; refreshes the token on 401. */
    private SandboxClient.Response call(Callable<SandboxClient.Response> request) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 6; attempt++) {
            try {
                SandboxClient.Response r = request.call();
                if (r.status() == 401) {
                    JsonNode refreshed = http.token(Map.of(
                                    "grant_type",
                                    "refresh_token",
                                    "client_id",
                                    SandboxOptions.DEFAULT_CLIENT_ID,
                                    "client_secret",
                                    SandboxOptions.DEFAULT_CLIENT_SECRET,
                                    "refresh_token",
                                    refreshToken))
                            .json();
                    accessToken = refreshed.get("access_token").asText();
                    continue;
                }
                if (r.status() >= 500 && r.status() != 510 || !looksLikeJson(r)) {
                    continue;
                }
                return r;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("gave up after retries", last);
    }

    private static boolean looksLikeJson(SandboxClient.Response r) {
        try {
            r.json();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static <T> T retry(Callable<T> c) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return c.call();
            } catch (IOException | RuntimeException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }
}
