package io.finport.workflow.refresh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.finapi.JsonTrees;

/** A refresh as callers see it ({@code GET /refreshes/{id}}) and as its SNS message carries it: counts, never data. */
public final class RefreshView {

    private RefreshView() {}

    public static ObjectNode render(RefreshRecord r) {
        ObjectNode json = JsonTrees.NODES.objectNode();
        json.put("refreshId", r.refreshId());
        json.put("status", r.status().name());
        json.put("trigger", r.trigger());
        if (!r.userReferences().isEmpty()) r.userReferences().forEach(json.putArray("userReferences")::add);
        json.put("connections", r.connections());
        json.put("queued", r.queued());
        json.put("done", r.done());
        ObjectNode outcomes = json.putObject("outcomes");
        r.outcomes().forEach(outcomes::put);
        ObjectNode skipped = json.putObject("skipped");
        for (SkipReason reason : SkipReason.values())
            skipped.put(reason.name(), r.skipped().getOrDefault(reason.name(), 0L));
        if (r.createdAt() != null) json.put("createdAt", r.createdAt().toString());
        if (r.startedAt() != null) json.put("startedAt", r.startedAt().toString());
        if (r.finishedAt() != null) json.put("finishedAt", r.finishedAt().toString());
        if (r.manifestLocation() != null) json.put("manifest", r.manifestLocation());
        if (r.resultsLocation() != null) json.put("results", r.resultsLocation());
        return json;
    }
}
