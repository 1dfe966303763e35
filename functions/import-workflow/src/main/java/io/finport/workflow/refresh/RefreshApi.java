package io.finport.workflow.refresh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.finapi.JsonTrees;
import io.finport.workflow.api.ApiException;
import io.finport.workflow.api.ImportApi;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportApi.ApiResponse;
import io.finport.workflow.api.ImportRequest;
import io.finport.workflow.api.RequestHeaders;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.StoreUnavailableException;
import io.finport.workflow.tenant.CallerIdentity;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * {@code POST /refreshes} starts a refresh of the caller's known connections, {@code GET /refreshes/{refreshId}}
 * reads its record. Same rules as {@code /imports}: the caller is the normalized identity, the refresh id is derived
 * from it and the Idempotency-Key and is the execution name, so a repeated request starts one run; only the caller
 * that started a refresh can read it.
 */
public class RefreshApi {
    private static final StructuredLog LOG = StructuredLog.of(RefreshApi.class);
    private static final Pattern REFRESH_ID = Pattern.compile("ref-[0-9a-f]{24}");

    private final RefreshStore store;
    private final Supplier<SfnClient> sfn;
    private final String stateMachineArn;
    private final Clock clock;

    public RefreshApi(RefreshStore store, Supplier<SfnClient> sfn, String stateMachineArn, Clock clock) {
        this.store = store;
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.clock = clock;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
            String resource = resource(request);
            if (resource.equals("/refreshes")) {
                if (!method.equals("POST")) throw new ApiException(405, "METHOD_NOT_ALLOWED", null, "no such route");
                return create(request);
            }
            if (resource.equals("/refreshes/{refreshId}")) {
                if (!method.equals("GET")) throw new ApiException(405, "METHOD_NOT_ALLOWED", null, "no such route");
                return get(request);
            }
            throw new ApiException(404, "NOT_FOUND", null, "no such route");
        } catch (ApiException e) {
            return ImportApi.error(e.status(), e.code(), e.field(), e.getMessage(), Map.of());
        } catch (StoreUnavailableException e) {
            LOG.warn("store unavailable", "operation", "refreshApi");
            return ImportApi.error(
                    503,
                    "UNAVAILABLE",
                    null,
                    "temporarily unavailable, retry with the same Idempotency-Key",
                    Map.of("Retry-After", "5"));
        }
    }

    private static String resource(ApiRequest request) {
        if (request.resource() != null && !request.resource().isBlank()) return request.resource();
        String path = request.path() == null ? "" : request.path();
        return path.matches("/refreshes/?")
                ? "/refreshes"
                : path.matches("/refreshes/[^/]+/?") ? "/refreshes/{refreshId}" : path;
    }

    private ApiResponse create(ApiRequest request) {
        RequestHeaders.requireJson(request);
        String key = RequestHeaders.idempotencyKey(request);
        RefreshRequest body = RefreshRequest.parse(request.body());
        String callerId = CallerIdentity.of(request.callerId()).key();
        String refreshId = key == null
                ? randomId()
                : "ref-" + ImportRequest.sha256(callerId + "\nrefresh\n" + key).substring(0, 24);
        boolean replayed =
                !store.create(refreshId, callerId, body.userReferences(), body.fingerprint(), "API", clock.instant());
        RefreshRecord record =
                store.find(refreshId).orElseThrow(() -> new StoreUnavailableException("findRefresh", null));
        if (replayed) {
            if (!callerId.equals(record.callerId()))
                throw new ApiException(404, "NOT_FOUND", "refreshId", "no such refresh");
            if (!body.fingerprint().equals(record.requestHash())) {
                throw new ApiException(
                        422, "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key", "was already used for a different request");
            }
        } else {
            LOG.info(
                    "refresh requested",
                    "refreshId",
                    refreshId,
                    "userReferences",
                    body.userReferences().size());
        }
        if (record.status() == RefreshStatus.PENDING) {
            Optional<ApiResponse> failed = start(refreshId);
            if (failed.isPresent()) return failed.get();
        }
        ObjectNode json = JsonTrees.NODES.objectNode();
        json.put("refreshId", refreshId);
        json.put("status", record.status().name());
        json.putObject("links").put("self", location(request, refreshId));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Location", location(request, refreshId));
        if (replayed) headers.put("Idempotent-Replayed", "true");
        return ImportApi.json(202, JsonTrees.writeString(json), headers);
    }

    /** Starting is idempotent by execution name: a replay re-sends it (the first send may have failed). */
    private Optional<ApiResponse> start(String refreshId) {
        try {
            sfn.get()
                    .startExecution(b -> b.stateMachineArn(stateMachineArn)
                            .name(refreshId)
                            .input("{\"refreshId\":\"" + refreshId + "\"}"));
        } catch (ExecutionAlreadyExistsException e) {
            // started before
        } catch (SdkException e) {
            LOG.warn(
                    "start refresh failed",
                    "refreshId",
                    refreshId,
                    "error",
                    e.getClass().getSimpleName());
            return Optional.of(ImportApi.error(
                    503,
                    "START_FAILED",
                    null,
                    "the refresh could not be started yet, retry with the same Idempotency-Key",
                    Map.of("Retry-After", "5")));
        }
        return Optional.empty();
    }

    private ApiResponse get(ApiRequest request) {
        String refreshId = request.pathParameters() == null
                ? null
                : request.pathParameters().get("refreshId");
        if (refreshId == null && request.path() != null)
            refreshId = request.path().replaceAll("^.*/refreshes/", "").replace("/", "");
        if (refreshId == null || !REFRESH_ID.matcher(refreshId).matches()) {
            throw new ApiException(400, "INVALID_FIELD", "refreshId", "must look like ref- followed by 24 hex digits");
        }
        CallerIdentity caller = CallerIdentity.of(request.callerId());
        RefreshRecord record = store.find(refreshId)
                .filter(r -> caller.owns(r.callerId()))
                .orElseThrow(() -> new ApiException(404, "NOT_FOUND", "refreshId", "no such refresh"));
        return ImportApi.json(200, JsonTrees.writeString(RefreshView.render(record)), Map.of());
    }

    private static String location(ApiRequest request, String refreshId) {
        String stage = request.stage() == null || request.stage().isBlank() || "$default".equals(request.stage())
                ? ""
                : "/" + request.stage();
        return stage + "/refreshes/" + refreshId;
    }

    private static String randomId() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return "ref-" + HexFormat.of().formatHex(bytes);
    }
}
