package io.finport.sandbox;

import io.finport.sandbox.FinapiJson.WebForm;
import io.finport.sandbox.FinapiJson.WebFormPayload;
import java.time.Duration;
import java.time.Instant;

/** A Web Form 2.0 web form at run time (an import's, or the one a background update task hands out) and its JSON. */
final class WebFormRt {
    private static final Duration VALIDITY = Duration.ofMinutes(20);

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

    boolean isFinal() {
        return Scenario.WEB_FORM_FINAL.contains(status);
    }

    WebForm view() {
        boolean withError = status.equals("COMPLETED_WITH_ERROR");
        return new WebForm(
                id,
                url(),
                FinapiJson.webForm(createdAt),
                FinapiJson.webForm(createdAt.plus(VALIDITY)),
                updateOf == null ? "BANK_CONNECTION_IMPORT" : "BANK_CONNECTION_UPDATE",
                status,
                new WebFormPayload(
                        connectionId,
                        withError ? spec.errorCode() : null,
                        withError ? (spec.errorMessage() != null ? spec.errorMessage() : "The import failed") : null));
    }
}
