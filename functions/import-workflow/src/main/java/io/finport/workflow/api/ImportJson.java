package io.finport.workflow.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.finapi.JsonTrees;
import io.finport.workflow.store.AccountItem;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore.ImportView;
import java.time.Instant;

/** The body of GET /imports/{importId} (a public contract: fields may be added, never changed). */
public final class ImportJson {

    private ImportJson() {}

    /** The import as callers see it: the record, its progress and its accounts (IBANs masked at write time). */
    public static ObjectNode render(ImportView view) {
        ImportRecord r = view.record();
        ObjectNode json = JsonTrees.NODES.objectNode();
        ImportRecord.Result result = r.result();
        json.put("importId", r.importId());
        json.put("type", r.type().name());
        json.put("status", r.status().name());
        json.put("outcome", nameOf(result.outcome()));
        ArrayNode warnings = json.putArray("warnings");
        result.warnings().forEach(warnings::add);
        json.put("reason", result.reason());
        if (r.bankConnectionId() != null) json.put("bankConnectionId", r.bankConnectionId());
        ImportRecord.WebFormAndTask steps = r.webFormAndTask();
        if (steps.webFormId() != null) {
            ObjectNode webForm = json.putObject("webForm");
            webForm.put("url", steps.webFormUrl());
            webForm.put("status", nameOf(steps.webFormStatus()));
        }
        if (steps.taskId() != null) {
            ObjectNode task = json.putObject("task");
            task.put("id", steps.taskId());
            task.put("status", nameOf(steps.taskStatus()));
        }
        ImportRecord.Progress p = r.progress();
        ObjectNode progress = json.putObject("progress");
        progress.put("attempt", p.attempt());
        progress.put("updateStatus", p.updateStatus());
        progress.put("categorizationStatus", p.categorizationStatus());
        progress.put("joinedRunningUpdate", p.joinedRunningUpdate());
        if (p.lastCheckedAt() != null)
            progress.put("lastCheckedAt", p.lastCheckedAt().toString());
        if (p.nextWaitSeconds() != null && !r.isFinished()) progress.put("nextCheckInSeconds", p.nextWaitSeconds());
        ArrayNode accounts = json.putArray("accounts");
        for (AccountItem a : view.accounts()) {
            ObjectNode node = accounts.addObject();
            node.put("accountId", a.accountId());
            node.put("accountName", a.accountName());
            node.put("accountType", a.accountType());
            node.put("iban", a.ibanMasked());
            node.put("currency", a.currency());
            node.put("status", a.status());
            node.put("downloading", a.downloading());
        }
        Instant createdAt = r.request().createdAt();
        json.put("createdAt", createdAt == null ? null : createdAt.toString());
        if (result.finishedAt() != null)
            json.put("finishedAt", result.finishedAt().toString());
        Instant notifiedAt = r.notification().notifiedAt();
        if (notifiedAt != null) json.put("notifiedAt", notifiedAt.toString());
        return json;
    }

    private static String nameOf(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
