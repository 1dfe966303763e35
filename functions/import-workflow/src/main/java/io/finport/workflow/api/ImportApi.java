package io.finport.workflow.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.domain.ImportStatus;
import io.finport.domain.Outcome;
import io.finport.finapi.JsonTrees;
import io.finport.workflow.execution.Executions;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.service.PsuVault;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.ImportStore.ImportView;
import io.finport.workflow.store.StoreUnavailableException;
import io.finport.workflow.tenant.CallerIdentity;
import io.finport.workflow.tenant.ConnectionGate;
import io.finport.workflow.tenant.ConnectionGate.Admission;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * The HTTP API: {@code POST /imports} starts a run, {@code GET /imports/{importId}} reads it.
 * The import id is derived from the caller (normalized: every session of a role is one caller) and its
 * Idempotency-Key, and it is also the execution name, so the same key never starts a second run. One run per bank
 * connection at a time; {@link ConnectionGate} decides who may run one.
 */
public class ImportApi {
    private static final StructuredLog LOG = StructuredLog.of(ImportApi.class);
    private static final Pattern IMPORT_ID = Pattern.compile("imp-[0-9a-f]{24}");

    private final ImportStore store;
    private final ConnectionGate gate;
    private final Supplier<SfnClient> sfn;
    private final String stateMachineArn;
    private final Clock clock;
    private final PsuVault psuVault;

    public ImportApi(
            ImportStore store, ConnectionGate gate, Supplier<SfnClient> sfn, String stateMachineArn, Clock clock) {
        this(store, gate, sfn, stateMachineArn, clock, null);
    }

    /** With a {@link PsuVault}, an UPDATE's {@code psu} is kept sealed for the Start step; without, it is dropped. */
    public ImportApi(
            ImportStore store,
            ConnectionGate gate,
            Supplier<SfnClient> sfn,
            String stateMachineArn,
            Clock clock,
            PsuVault psuVault) {
        this.psuVault = psuVault;
        this.store = store;
        this.gate = gate;
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.clock = clock;
    }

    /** An HTTP request as API Gateway's proxy integration delivers it; header names lower-cased. */
    public record ApiRequest(
            String method,
            String resource,
            String path,
            Map<String, String> headers,
            Map<String, String> pathParameters,
            String body,
            String callerId,
            String stage) {}

    public record ApiResponse(int status, Map<String, String> headers, String body) {}

    public ApiResponse handle(ApiRequest request) {
        try {
            String route = route(request);
            return switch (route) {
                case "POST /imports" -> create(request);
                case "GET /imports/{importId}" -> get(request);
                default ->
                    throw new ApiException(
                            route.startsWith("?") ? 405 : 404,
                            route.startsWith("?") ? "METHOD_NOT_ALLOWED" : "NOT_FOUND",
                            null,
                            "no such route");
            };
        } catch (ApiException e) {
            return error(e.status(), e.code(), e.field(), e.getMessage(), Map.of());
        } catch (StoreUnavailableException e) {
            LOG.warn("store unavailable", "operation", "api");
            return error(
                    503,
                    "UNAVAILABLE",
                    null,
                    "temporarily unavailable, retry with the same Idempotency-Key",
                    Map.of("Retry-After", "5"));
        }
    }

    private static String route(ApiRequest request) {
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        String resource = request.resource();
        if (resource == null || resource.isBlank()) {
            String path = request.path() == null ? "" : request.path();
            resource = path.matches("/imports/?")
                    ? "/imports"
                    : path.matches("/imports/[^/]+/?") ? "/imports/{importId}" : path;
        }
        if (resource.equals("/imports")) return method.equals("POST") ? "POST /imports" : "?";
        if (resource.equals("/imports/{importId}")) return method.equals("GET") ? "GET /imports/{importId}" : "?";
        return "unknown";
    }

    // ---- POST /imports -------------------------------------------------------------------------------------

    private ApiResponse create(ApiRequest request) {
        RequestHeaders.requireJson(request);
        String key = RequestHeaders.idempotencyKey(request);
        ImportRequest body = ImportRequest.parse(request.body());
        CallerIdentity caller = CallerIdentity.of(request.callerId());
        String callerId = caller.key();
        String importId = key == null
                ? randomImportId()
                : "imp-" + ImportRequest.sha256(callerId + "\n" + key).substring(0, 24);
        StructuredLog.correlateImport(importId);

        Optional<ImportRecord> existing = store.find(importId);
        if (existing.isPresent()) {
            return replay(request, caller, existing.get(), body, key != null);
        }
        Instant now = clock.instant();
        Optional<ApiResponse> busy =
                lockConnection(request, caller, body.userReference(), body.bankConnectionId(), importId, now);
        if (busy.isPresent()) return busy.get();
        ImportRecord record = ImportRecord.pending(
                importId,
                body.type(),
                body.bankId(),
                body.bankConnectionId(),
                new ImportRecord.Request(
                        callerId,
                        body.userReference(),
                        body.bankingInterface(),
                        body.allowedInterfaces(),
                        body.importNewAccounts(),
                        body.fingerprint(),
                        now));
        if (!store.createImport(record)) {
            // The same key raced us between find and create: answer as a replay.
            return replay(request, caller, store.get(importId), body, key != null);
        }
        keepPsu(importId, body);
        LOG.info("import requested", "importId", importId, "type", body.type().name());
        return startAndAccept(request, record, false, key != null);
    }

    /**
     * The end user's device goes to finAPI with the update, and is stored nowhere readable: sealed with KMS until the
     * Start step used it. If sealing fails the import still runs, as an unattended update.
     */
    private void keepPsu(String importId, ImportRequest body) {
        if (body.psu() == null || psuVault == null) return;
        try {
            store.attachSealedPsu(importId, psuVault.seal(body.psu(), importId));
        } catch (RuntimeException e) {
            LOG.warn(
                    "PSU data not kept, the update runs unattended",
                    "importId",
                    importId,
                    "error",
                    e.getClass().getSimpleName());
        }
    }

    private ApiResponse replay(
            ApiRequest request, CallerIdentity caller, ImportRecord existing, ImportRequest body, boolean keyed) {
        if (!body.fingerprint().equals(existing.request().requestHash())) {
            throw new ApiException(
                    422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key", "was already used for a different request");
        }
        if (existing.status() == ImportStatus.PENDING && !existing.isFinished()) {
            // Not started yet (an earlier start failed and released the lock): take the connection again first.
            Optional<ApiResponse> busy = lockConnection(
                    request,
                    caller,
                    existing.userReference(),
                    existing.bankConnectionId(),
                    existing.importId(),
                    clock.instant());
            if (busy.isPresent()) return busy.get();
        }
        return startAndAccept(request, existing, true, keyed);
    }

    /**
     * One run per bank connection (IMPORT has none yet): 404 when the connection is not the caller's, 409 with the
     * running import when the caller's own import holds it.
     */
    private Optional<ApiResponse> lockConnection(
            ApiRequest request,
            CallerIdentity caller,
            String userReference,
            Long bankConnectionId,
            String importId,
            Instant now) {
        if (bankConnectionId == null) return Optional.empty();
        Admission admission = gate.admit(caller, userReference, bankConnectionId, importId, now);
        return switch (admission) {
            case ConnectionGate.Granted granted -> Optional.empty();
            case ConnectionGate.NotFound notFound ->
                throw new ApiException(
                        404, "NOT_FOUND", "bankConnectionId", "no such bank connection for this user reference");
            case ConnectionGate.Busy busy ->
                Optional.of(error(
                        409,
                        "CONNECTION_BUSY",
                        "bankConnectionId",
                        "another import of this bank connection is still running",
                        Map.of("Location", location(request, busy.runningImportId())),
                        JsonTrees.NODES.objectNode().put("runningImportId", busy.runningImportId())));
        };
    }

    private ApiResponse startAndAccept(ApiRequest request, ImportRecord record, boolean replayed, boolean keyed) {
        if (record.status() == ImportStatus.PENDING && !record.isFinished()) {
            // Starting is idempotent by execution name, so a replay safely re-sends it (the first send may have
            // failed).
            try {
                sfn.get()
                        .startExecution(b -> b.stateMachineArn(stateMachineArn)
                                .name(record.importId())
                                .input(Executions.input(record.importId())));
            } catch (ExecutionAlreadyExistsException e) {
                // started before: fine
            } catch (SdkException e) {
                LOG.warn(
                        "start execution failed",
                        "importId",
                        record.importId(),
                        "error",
                        e.getClass().getSimpleName());
                // Free the connection at once; a keyed replay takes it again, a keyless request can never be replayed.
                if (record.bankConnectionId() != null) gate.release(record.bankConnectionId(), record.importId());
                if (!keyed) {
                    store.recordOutcome(
                            record.importId(),
                            Outcome.FAILED,
                            List.of(),
                            "the workflow could not be started",
                            0,
                            clock.instant());
                    return error(
                            503,
                            "START_FAILED",
                            null,
                            "the import could not be started, send it again",
                            Map.of("Retry-After", "5"));
                }
                return error(
                        503,
                        "START_FAILED",
                        null,
                        "the import could not be started yet, retry with the same Idempotency-Key",
                        Map.of("Retry-After", "5"));
            }
        }
        ObjectNode json = JsonTrees.NODES.objectNode();
        json.put("importId", record.importId());
        json.put("type", record.type().name());
        json.put("status", record.status().name());
        json.putObject("links").put("self", location(request, record.importId()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", location(request, record.importId()));
        if (replayed) headers.put("Idempotent-Replayed", "true");
        return json(202, JsonTrees.writeString(json), headers);
    }

    // ---- GET /imports/{importId} ---------------------------------------------------------------------------

    private ApiResponse get(ApiRequest request) {
        String importId = request.pathParameters() == null
                ? null
                : request.pathParameters().get("importId");
        if (importId == null && request.path() != null) {
            importId = request.path().replaceAll("^.*/imports/", "").replace("/", "");
        }
        if (importId == null || !IMPORT_ID.matcher(importId).matches()) {
            throw new ApiException(400, "INVALID_FIELD", "importId", "must look like imp- followed by 24 hex digits");
        }
        StructuredLog.correlateImport(importId);
        CallerIdentity caller = CallerIdentity.of(request.callerId());
        ImportView view = store.load(importId)
                .filter(v -> caller.owns(v.record().callerId()))
                .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "importId", "no such import"));
        return json(200, JsonTrees.writeString(ImportJson.render(view)), Map.of());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static String location(ApiRequest request, String importId) {
        String stage = request.stage() == null || request.stage().isBlank() || "$default".equals(request.stage())
                ? ""
                : "/" + request.stage();
        return stage + "/imports/" + importId;
    }

    private static String randomImportId() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "imp-" + HexFormat.of().formatHex(bytes);
    }

    /** A JSON error body naming the code and, where there is one, the field (shared by every API of this function set). */
    public static ApiResponse error(
            int status, String code, String field, String message, Map<String, String> headers) {
        return error(status, code, field, message, headers, null);
    }

    private static ApiResponse error(
            int status, String code, String field, String message, Map<String, String> headers, ObjectNode extra) {
        ObjectNode json = JsonTrees.NODES.objectNode();
        json.put("error", code);
        if (field != null) json.put("field", field);
        json.put("message", field == null ? message : field + " " + message);
        if (extra != null) json.setAll(extra);
        return json(status, JsonTrees.writeString(json), headers);
    }

    public static ApiResponse json(int status, String body, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return new ApiResponse(status, all, body);
    }
}
