package io.finport.workflow.refresh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.finport.workflow.execution.Executions;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ConnectionLocks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * First step of a refresh: lists the known connections in scope (the caller's, or every caller's for a scheduled run),
 * applies the skip rules before any finAPI call, counts the skips and writes the rest as the Distributed Map's manifest.
 * Manifest items hold ids only ({@code bankConnectionId}, {@code callerId}): user references and everything else are
 * read from DynamoDB by each item's first step.
 */
public class ManifestBuilder {
    private static final StructuredLog LOG = StructuredLog.of(ManifestBuilder.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final RefreshStore refreshes;
    private final ConnectionHistory history;
    private final ConnectionLocks locks;
    private final Executions executions;
    private final ManifestStore manifests;
    private final SkipRules rules;
    private final RefreshConfig config;
    private final Clock clock;

    public ManifestBuilder(
            RefreshStore refreshes,
            ConnectionHistory history,
            ConnectionLocks locks,
            Executions executions,
            ManifestStore manifests,
            SkipRules rules,
            RefreshConfig config,
            Clock clock) {
        this.refreshes = refreshes;
        this.history = history;
        this.locks = locks;
        this.executions = executions;
        this.manifests = manifests;
        this.rules = rules;
        this.config = config;
        this.clock = clock;
    }

    /** What the state machine needs for the Map: where the items are, how many, and its concurrency settings. */
    public record Manifest(
            String refreshId,
            String bucket,
            String key,
            long total,
            int maxConcurrency,
            int toleratedFailurePercentage) {}

    public Manifest build(String refreshId) {
        Instant now = clock.instant();
        // A scheduled run has no record yet: it covers every caller.
        if (refreshes.find(refreshId).isEmpty()) refreshes.create(refreshId, null, List.of(), null, "SCHEDULE", now);
        RefreshRecord record = refreshes.find(refreshId).orElseThrow();
        Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
        long[] counts = new long[2]; // connections in scope, queued
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartArray();
            for (String callerId : record.callerId() != null ? List.of(record.callerId()) : history.callers()) {
                history.forEach(callerId, c -> {
                    if (!record.userReferences().isEmpty()
                            && !record.userReferences().contains(c.userReference())) return;
                    counts[0]++;
                    Optional<SkipReason> skip = rules.check(c, isLocked(c.bankConnectionId()), now);
                    if (skip.isPresent()) {
                        skipped.merge(skip.get(), 1L, Long::sum);
                        return;
                    }
                    counts[1]++;
                    write(out, c);
                });
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ManifestStore.Location location = manifests.write(refreshId, bytes.toByteArray());
        refreshes.manifestWritten(refreshId, counts[0], counts[1], skipped, location.uri(), now);
        LOG.info("refresh manifest written", "refreshId", refreshId, "connections", counts[0], "queued", counts[1]);
        return new Manifest(
                refreshId,
                location.bucket(),
                location.key(),
                counts[1],
                config.maxConcurrency(),
                config.toleratedFailurePercentage());
    }

    /** A lock whose import's execution has ended no longer counts (the next import takes it over). */
    private boolean isLocked(long bankConnectionId) {
        return locks.holder(bankConnectionId)
                .map(h -> h.importId() != null && !executions.isOver(h.importId()))
                .orElse(false);
    }

    private static void write(JsonGenerator out, KnownConnection c) {
        try {
            out.writeStartObject();
            out.writeNumberField("bankConnectionId", c.bankConnectionId());
            out.writeStringField("callerId", c.callerId());
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
