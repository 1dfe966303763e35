package io.finport.workflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.domain.IbanMask;
import io.finport.domain.ImportStatus;
import io.finport.domain.Outcome;
import io.finport.domain.SensitiveDataPatterns;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportApi.ApiResponse;
import io.finport.workflow.store.AccountItem;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.StatusCheck;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import io.finport.workflow.testing.TestApis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

class ImportApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ARN = "arn:aws:states:eu-central-1:210987654321:stateMachine:import-workflow";
    private static final Duration LEASE = Duration.ofMinutes(90);
    private static final String UPDATE_BODY =
            "{\"type\":\"UPDATE\",\"userReference\":\"user-4711\",\"bankConnectionId\":100001,\"bankingInterface\":\"XS2A\"}";
    private static final String CALLER = "arn:aws:sts::123456789012:assumed-role/backend-service/backend-service";

    private LocalDynamoDb db;
    private ImportStore store;
    private SfnClient sfn;
    private MutableClock clock;
    private ImportApi api;

    @BeforeEach
    void setUp() {
        db = LocalDynamoDb.newTable();
        store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        sfn = mock(SfnClient.class);
        clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
        api = TestApis.api(db::client, db.tableName(), store, sfn, ARN, LEASE, clock);
    }

    private static ApiRequest post(String body, String idempotencyKey) {
        return TestApis.post(CALLER, body, idempotencyKey);
    }

    private static ApiRequest get(String importId, String caller) {
        return TestApis.get(caller, importId);
    }

    private static JsonNode json(ApiResponse response) {
        return TestApis.json(response);
    }

    @SuppressWarnings("unchecked")
    private List<StartExecutionRequest> startedExecutions(int expectedCalls) {
        ArgumentCaptor<Consumer<StartExecutionRequest.Builder>> captor = ArgumentCaptor.forClass(Consumer.class);
        verify(sfn, times(expectedCalls)).startExecution(captor.capture());
        return captor.getAllValues().stream()
                .map(c -> {
                    StartExecutionRequest.Builder b = StartExecutionRequest.builder();
                    c.accept(b);
                    return b.build();
                })
                .toList();
    }

    private int metaItems() {
        return (int) db.client().scan(b -> b.tableName(db.tableName())).items().stream()
                .filter(i -> "META".equals(i.get("sk").s()))
                .count();
    }

    @Test
    void post_whenValid_writesPendingRecordAndStartsExecutionWithIdOnly() {
        ApiResponse response = api.handle(post(UPDATE_BODY, "sync-2026-11-24-user-4711"));

        assertThat(response.status()).isEqualTo(202);
        String importId = json(response).path("importId").asText();
        assertThat(importId).matches("imp-[0-9a-f]{24}");
        assertThat(response.headers())
                .containsEntry("Location", "/v1/imports/" + importId)
                .containsEntry("Content-Type", "application/json")
                .doesNotContainKey("Idempotent-Replayed");
        assertThat(json(response).path("status").asText()).isEqualTo("PENDING");
        assertThat(json(response).path("type").asText()).isEqualTo("UPDATE");
        assertThat(json(response).path("links").path("self").asText()).isEqualTo("/v1/imports/" + importId);

        ImportRecord record = store.get(importId);
        assertThat(record.status()).isEqualTo(ImportStatus.PENDING);
        assertThat(record.request().requestHash())
                .isEqualTo(ImportRequest.parse(UPDATE_BODY).fingerprint());
        assertThat(record.bankConnectionId()).isEqualTo(100001L);
        assertThat(record.userReference()).isEqualTo("user-4711");
        assertThat(record.callerId()).isNotEqualTo(CALLER).doesNotContain("backend-service");
        assertThat(record.request().createdAt()).isEqualTo(clock.instant());

        StartExecutionRequest start = startedExecutions(1).get(0);
        assertThat(start.stateMachineArn()).isEqualTo(ARN);
        assertThat(start.name()).isEqualTo(importId);
        assertThat(json(new ApiResponse(0, Map.of(), start.input())))
                .isEqualTo(MAPPER.createObjectNode().put("importId", importId));
    }

    @Test
    void post_whenSameKeyForSameCaller_derivesSameIdAndDifferentCallerGetsAnother() {
        String first =
                json(api.handle(post(UPDATE_BODY, "k1"))).path("importId").asText();
        new ConnectionLocks(db::client, db.tableName()).release(100001L, first);
        ApiRequest otherCaller = new ApiRequest(
                "POST",
                "/imports",
                "/imports",
                Map.of("content-type", "application/json", "idempotency-key", "k1"),
                Map.of(),
                UPDATE_BODY,
                "someone-else",
                "v1");

        String second = json(api.handle(otherCaller)).path("importId").asText();

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void post_whenNoIdempotencyKey_createsRandomIds() {
        String body = "{\"type\":\"IMPORT\",\"userReference\":\"user-4711\"}";

        String first = json(api.handle(post(body, null))).path("importId").asText();
        String second = json(api.handle(post(body, null))).path("importId").asText();

        assertThat(first).matches("imp-[0-9a-f]{24}").isNotEqualTo(second);
        assertThat(metaItems()).isEqualTo(2);
    }

    @Test
    void post_whenSameIdempotencyKeyTwice_replaysWithOneRecordAndResendsStartWhilePending() {
        ApiResponse first = api.handle(post(UPDATE_BODY, "key-1"));
        ApiResponse second = api.handle(post(UPDATE_BODY, "key-1"));

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.headers())
                .containsEntry("Idempotent-Replayed", "true")
                .containsEntry("Location", first.headers().get("Location"));
        assertThat(json(second).path("importId")).isEqualTo(json(first).path("importId"));
        assertThat(metaItems()).isEqualTo(1);
        assertThat(startedExecutions(2))
                .extracting(StartExecutionRequest::name)
                .containsOnly(json(first).path("importId").asText());
    }

    @Test
    void post_whenReplayedAfterExecutionStarted_doesNotStartAgain() {
        String importId =
                json(api.handle(post(UPDATE_BODY, "key-1"))).path("importId").asText();
        store.markStarted(importId, 100001L, null, clock.instant(), false, List.of(), List.of());

        ApiResponse replay = api.handle(post(UPDATE_BODY, "key-1"));

        assertThat(replay.status()).isEqualTo(202);
        assertThat(json(replay).path("status").asText()).isEqualTo("IN_PROGRESS");
        startedExecutions(1);
    }

    @Test
    void post_whenKeyReusedWithDifferentBody_is422AndStartsNothing() {
        api.handle(post(UPDATE_BODY, "key-1"));

        ApiResponse response = api.handle(post(UPDATE_BODY.replace("XS2A", "FINTS_SERVER"), "key-1"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(json(response).path("error").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(json(response).path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(metaItems()).isEqualTo(1);
        startedExecutions(1);
    }

    @Test
    void post_whenConnectionBusy_is409NamingTheRunningImport() {
        String running =
                json(api.handle(post(UPDATE_BODY, "key-1"))).path("importId").asText();
        clock.advance(LEASE.minusSeconds(1));

        ApiResponse response = api.handle(post(UPDATE_BODY.replace("UPDATE", "TRACK"), "key-2"));

        assertThat(response.status()).isEqualTo(409);
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo("CONNECTION_BUSY");
        assertThat(body.path("field").asText()).isEqualTo("bankConnectionId");
        assertThat(body.path("runningImportId").asText()).isEqualTo(running);
        assertThat(response.headers()).containsEntry("Location", "/v1/imports/" + running);
        assertThat(metaItems()).isEqualTo(1);
        // The second call is the liveness probe: an idempotent start of the running execution, which Step Functions
        // answers with that execution while it runs.
        assertThat(startedExecutions(2)).extracting(StartExecutionRequest::name).containsOnly(running);
    }

    @Test
    void post_whenImportTypeForSameUser_needsNoConnectionLock() {
        api.handle(post(UPDATE_BODY, "key-1"));

        ApiResponse response = api.handle(post("{\"type\":\"IMPORT\",\"userReference\":\"user-4711\"}", "key-2"));

        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void post_whenLeaseExpired_lockIsReacquiredByTheNewImport() {
        String stale =
                json(api.handle(post(UPDATE_BODY, "key-1"))).path("importId").asText();
        clock.advance(LEASE.plusSeconds(2));

        ApiResponse response = api.handle(post(UPDATE_BODY, "key-2"));

        assertThat(response.status()).isEqualTo(202);
        String fresh = json(response).path("importId").asText();
        assertThat(fresh).isNotEqualTo(stale);
        assertThat(new ConnectionLocks(db::client, db.tableName()).holder(100001L))
                .hasValueSatisfying(h -> assertThat(h.importId()).isEqualTo(fresh));
    }

    @Test
    @SuppressWarnings("unchecked")
    void post_whenStartExecutionFails_is503AndReplayStartsIt() {
        when(sfn.startExecution(any(Consumer.class)))
                .thenThrow(SdkClientException.create("connection reset"))
                .thenReturn(null);

        ApiResponse failed = api.handle(post(UPDATE_BODY, "key-1"));

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.headers()).containsEntry("Retry-After", "5");
        assertThat(json(failed).path("error").asText()).isEqualTo("START_FAILED");
        assertThat(failed.body()).doesNotContain("connection reset");

        ApiResponse replay = api.handle(post(UPDATE_BODY, "key-1"));

        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.headers()).containsEntry("Idempotent-Replayed", "true");
        assertThat(metaItems()).isEqualTo(1);
        assertThat(startedExecutions(2))
                .extracting(StartExecutionRequest::name)
                .containsOnly(json(replay).path("importId").asText());
    }

    @Test
    @SuppressWarnings("unchecked")
    void post_whenExecutionAlreadyExists_isAccepted() {
        when(sfn.startExecution(any(Consumer.class)))
                .thenThrow(ExecutionAlreadyExistsException.builder()
                        .message("exists")
                        .build());

        ApiResponse response = api.handle(post(UPDATE_BODY, "key-1"));

        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void post_whenStoreUnreachable_is503WithRetryAfter() {
        ImportStore broken = new ImportStore(
                () -> {
                    throw SdkClientException.create("no route");
                },
                "t",
                Duration.ofDays(1));
        ImportApi unavailable = TestApis.api(
                () -> {
                    throw SdkClientException.create("no route");
                },
                "t",
                broken,
                sfn,
                ARN,
                LEASE,
                clock);

        ApiResponse response = unavailable.handle(post(UPDATE_BODY, "key-1"));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headers()).containsEntry("Retry-After", "5");
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"text/plain", "application/jsonp", "application/json-patch+json"})
    void post_whenContentTypeNotJson_is415(String contentType) {
        ApiRequest request = new ApiRequest(
                "POST",
                "/imports",
                "/imports",
                Map.of("content-type", contentType),
                Map.of(),
                UPDATE_BODY,
                CALLER,
                "v1");

        ApiResponse response = api.handle(request);

        assertThat(response.status()).isEqualTo(415);
        assertThat(json(response).path("error").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(metaItems()).isZero();
    }

    @Test
    void post_whenContentTypeJsonWithCharset_isAccepted() {
        ApiRequest request = new ApiRequest(
                "POST",
                "/imports",
                "/imports",
                Map.of("content-type", "Application/JSON; charset=utf-8"),
                Map.of(),
                UPDATE_BODY,
                CALLER,
                "$default");

        ApiResponse response = api.handle(request);

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.headers().get("Location")).startsWith("/imports/imp-");
    }

    @Test
    void post_whenIdempotencyKeyMalformed_is400() {
        for (String key : List.of("has space", "k".repeat(65), "ümlaut", "a/b", "")) {
            ApiResponse response = api.handle(post(UPDATE_BODY, key));

            assertThat(response.status()).as(key).isEqualTo(400);
            assertThat(json(response).path("error").asText()).isEqualTo("INVALID_HEADER");
            assertThat(json(response).path("field").asText()).isEqualTo("Idempotency-Key");
            assertThat(response.body()).doesNotContain(key.isEmpty() ? "\u0000" : key);
        }
        assertThat(metaItems()).isZero();
    }

    @Test
    void post_whenBodyInvalid_is400WithFieldAndNothingStored() {
        ApiResponse response = api.handle(post("{\"type\":\"UPDATE\",\"userReference\":\"user-4711\"}", "key-1"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isEqualTo("MISSING_FIELD");
        assertThat(json(response).path("field").asText()).isEqualTo("bankConnectionId");
        assertThat(metaItems()).isZero();
        verify(sfn, never()).startExecution(any(StartExecutionRequest.class));
    }

    @Test
    void get_whenOwnImport_returnsRecordWithProgressAndMaskedAccounts() {
        String importId =
                json(api.handle(post(UPDATE_BODY, "key-1"))).path("importId").asText();
        store.markStarted(importId, 100001L, 277672L, clock.instant(), true, List.of(), List.of());
        store.recordProgress(
                importId,
                new StatusCheck(
                        3,
                        clock.instant().plusSeconds(30),
                        12,
                        ImportStatus.IN_PROGRESS,
                        "IN_PROGRESS",
                        "PENDING",
                        null));
        store.putAccounts(
                importId,
                List.of(new AccountItem(
                        11,
                        "Girokonto",
                        "Checking",
                        IbanMask.mask("DE89370400440532013000"),
                        "EUR",
                        "DOWNLOAD_IN_PROGRESS",
                        "XS2A",
                        true)));

        ApiResponse response = api.handle(get(importId, CALLER));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("importId").asText()).isEqualTo(importId);
        assertThat(body.path("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(body.path("outcome").isNull()).isTrue();
        assertThat(body.path("bankConnectionId").asLong()).isEqualTo(100001L);
        assertThat(body.path("progress").path("attempt").asInt()).isEqualTo(3);
        assertThat(body.path("progress").path("updateStatus").asText()).isEqualTo("IN_PROGRESS");
        assertThat(body.path("progress").path("joinedRunningUpdate").asBoolean())
                .isTrue();
        assertThat(body.path("progress").path("nextCheckInSeconds").asLong()).isEqualTo(12);
        assertThat(body.path("accounts")).hasSize(1);
        assertThat(body.path("accounts").get(0).path("iban").asText()).isEqualTo("DE•• •••• •••• •••• ••30 00");
        assertThat(body.path("accounts").get(0).path("downloading").asBoolean()).isTrue();
        assertThat(SensitiveDataPatterns.containsIban(response.body())).isFalse();
        assertThat(response.body()).doesNotContain("callerId").doesNotContain("requestHash");
    }

    @Test
    void get_whenFinished_hidesNextCheck() {
        String importId =
                json(api.handle(post(UPDATE_BODY, "key-1"))).path("importId").asText();
        store.recordProgress(
                importId, new StatusCheck(2, clock.instant(), 12, ImportStatus.IN_PROGRESS, "READY", null, null));
        store.recordOutcome(importId, Outcome.SUCCEEDED, List.of(), null, 0, clock.instant());

        JsonNode body = json(api.handle(get(importId, CALLER)));

        assertThat(body.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.path("progress").has("nextCheckInSeconds")).isFalse();
        assertThat(body.path("finishedAt").asText()).isEqualTo(clock.instant().toString());
    }

    @Test
    void get_whenOtherCaller_is404() {
        String importId =
                json(api.handle(post(UPDATE_BODY, "key-1"))).path("importId").asText();

        ApiResponse response = api.handle(get(importId, "arn:aws:sts::123456789012:assumed-role/other/other"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("user-4711").doesNotContain("100001");
    }

    @Test
    void get_whenUnknownId_is404() {
        assertThat(api.handle(get("imp-000000000000000000000000", CALLER)).status())
                .isEqualTo(404);
    }

    @Test
    void get_whenIdMalformed_is400() {
        for (String id :
                List.of("imp-XYZ", "imp-3F9C2A7B1E4D6F8A0B2C4D6E", "../etc", "imp-3f9c2a7b1e4d6f8a0b2c4d6e0")) {
            ApiResponse response = api.handle(get(id, CALLER));

            assertThat(response.status()).as(id).isEqualTo(400);
            assertThat(json(response).path("field").asText()).isEqualTo("importId");
        }
    }

    @Test
    void get_whenOnlyPathGiven_readsIdFromPath() {
        String importId =
                json(api.handle(post(UPDATE_BODY, "key-1"))).path("importId").asText();
        ApiRequest request = new ApiRequest("GET", null, "/imports/" + importId, Map.of(), null, null, CALLER, null);

        assertThat(api.handle(request).status()).isEqualTo(200);
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("GET", "/accounts", 404, "NOT_FOUND"),
                Arguments.of("POST", "/imports/{importId}/cancel", 404, "NOT_FOUND"),
                Arguments.of("GET", "/imports", 405, "METHOD_NOT_ALLOWED"),
                Arguments.of("DELETE", "/imports", 405, "METHOD_NOT_ALLOWED"),
                Arguments.of("DELETE", "/imports/{importId}", 405, "METHOD_NOT_ALLOWED"),
                Arguments.of("PUT", "/imports/{importId}", 405, "METHOD_NOT_ALLOWED"),
                Arguments.of(null, "/imports", 405, "METHOD_NOT_ALLOWED"));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void handle_whenRouteUnknownOrMethodWrong_is404Or405(String method, String resource, int status, String code) {
        ApiResponse response =
                api.handle(new ApiRequest(method, resource, resource, Map.of(), Map.of(), null, CALLER, "v1"));

        assertThat(response.status()).isEqualTo(status);
        assertThat(json(response).path("error").asText()).isEqualTo(code);
    }

    static Stream<ApiRequest> clientErrors() {
        Map<String, String> json = Map.of("content-type", "application/json");
        return Stream.of(
                new ApiRequest("POST", "/imports", "/imports", json, Map.of(), null, CALLER, "v1"),
                new ApiRequest("POST", "/imports", "/imports", json, Map.of(), "{", CALLER, "v1"),
                new ApiRequest("POST", "/imports", "/imports", json, Map.of(), "\u0000invalid", CALLER, "v1"),
                new ApiRequest("POST", "/imports", "/imports", json, Map.of(), "[]", null, null),
                new ApiRequest("POST", "/imports", "/imports", json, Map.of(), "{\"a\":1}", "", ""),
                new ApiRequest(
                        "POST",
                        "/imports",
                        "/imports",
                        json,
                        Map.of(),
                        "{\"type\":\"UPDATE\",\"userReference\":\"u\",\"bankConnectionId\":1e400}",
                        CALLER,
                        "v1"),
                new ApiRequest("POST", "/imports", "/imports", json, Map.of(), "x".repeat(20_000), CALLER, "v1"),
                new ApiRequest(
                        "POST", "/imports", "/imports", Map.of("content-type", ""), Map.of(), "{}", CALLER, "v1"),
                new ApiRequest("GET", "/imports/{importId}", "/imports/", Map.of(), Map.of(), null, CALLER, "v1"),
                new ApiRequest("GET", "/imports/{importId}", null, Map.of(), null, null, null, null),
                new ApiRequest("GET", null, null, Map.of(), null, null, null, null),
                new ApiRequest("", "", "", Map.of(), Map.of(), null, null, null));
    }

    @ParameterizedTest
    @MethodSource("clientErrors")
    void handle_whenRequestIsBad_answers4xxNever5xx(ApiRequest request) {
        ApiResponse response = api.handle(request);

        assertThat(response.status()).isBetween(400, 499);
        assertThat(json(response).path("error").asText()).isNotBlank();
        assertThat(response.headers()).containsEntry("Content-Type", "application/json");
        assertThat(metaItems()).isZero();
    }

    @Test
    void post_whenRecordWritten_storesNoCallerIdentityInClear() {
        api.handle(post(UPDATE_BODY, "key-1"));

        List<Map<String, AttributeValue>> items =
                db.client().scan(b -> b.tableName(db.tableName())).items();
        assertThat(items.toString()).doesNotContain("backend-service").doesNotContain("123456789012");
    }
}
