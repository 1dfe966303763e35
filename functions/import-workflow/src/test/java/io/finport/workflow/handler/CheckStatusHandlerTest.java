package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.domain.OutcomeClassifier;
import io.finport.domain.poll.PollDecision;
import io.finport.domain.poll.PollPolicy;
import io.finport.finapi.BankConnection;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.UserCredentials;
import io.finport.finapi.WebForm;
import io.finport.workflow.callback.FinapiCallbacks;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.service.FinapiUsers;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.task.Json;
import io.finport.workflow.tenant.ConnectionOwnership;
import io.finport.workflow.testing.TestConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state machine counts checks itself and caps the loop on {@code $.Payload.attempt}: every path of Check status
 * must answer with the attempt it was given.
 */
class CheckStatusHandlerTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final String ID = "imp-3f9c2a7b1e4d6f8a0b2c4d6e";
    private static final WorkflowConfig CONFIG = TestConfig.config();

    private static ImportRecord record(Long connectionId, String webFormId, Outcome outcome) {
        return new ImportRecord(
                ID,
                connectionId == null ? ImportType.IMPORT : ImportType.UPDATE,
                ImportStatus.IN_PROGRESS,
                null,
                connectionId,
                new ImportRecord.Request("c", "user-4711", null, null, false, "h", T0),
                new ImportRecord.WebFormAndTask(webFormId, null, null, null, null),
                new ImportRecord.Progress(
                        connectionId == null ? null : T0, false, 0, null, null, null, null, false, null, null),
                new ImportRecord.Result(null, null, outcome, null, null, null, null, null),
                null);
    }

    private static BankConnection connection(String updateStatus) {
        return new BankConnection(100001L, null, null, updateStatus, "READY", List.of(), List.of());
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("WAITING", record(100001L, null, null), connection("IN_PROGRESS"), null, false),
                Arguments.of("READY", record(100001L, null, null), connection("READY"), null, false),
                Arguments.of("TIMED_OUT", record(100001L, null, null), connection("IN_PROGRESS"), null, true),
                Arguments.of("STOPPED", record(100001L, null, Outcome.SUCCEEDED), null, null, false),
                Arguments.of("STOPPED", record(null, "wf-1", null), null, "ABORTED", false),
                Arguments.of("WAITING", record(null, "wf-1", null), null, "IN_PROGRESS", false));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("paths")
    void handleRequest_onEveryPath_echoesTheAttempt(
            String expectedState,
            ImportRecord record,
            BankConnection connection,
            String webFormStatus,
            boolean deadlineReached)
            throws Exception {
        for (int attempt : new int[] {1, 7, 199}) {
            ImportStore store = mock(ImportStore.class);
            when(store.get(ID)).thenReturn(record);
            FinapiClient finapi = mock(FinapiClient.class);
            when(finapi.getBankConnection(any(), anyLong(), anyString())).thenReturn(connection);
            when(finapi.getWebForm(any(), anyString(), anyString()))
                    .thenReturn(new WebForm("wf-1", null, null, null, null, webFormStatus, null));
            FinapiUsers users = mock(FinapiUsers.class);
            when(users.credentialsFor(any(), anyString(), anyString())).thenReturn(new UserCredentials("u", "p"));
            PollPolicy policy = state -> new PollDecision(Duration.ofSeconds(deadlineReached ? 0 : 9), deadlineReached);
            ImportService service = new ImportService(
                    store,
                    mock(PollHistories.class),
                    mock(ConnectionLocks.class),
                    finapi,
                    users,
                    mock(ConnectionOwnership.class),
                    policy,
                    new OutcomeClassifier(),
                    CONFIG,
                    Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC),
                    null,
                    FinapiCallbacks.off());

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String input = "{\"importId\":\"" + ID + "\",\"executionName\":\"" + ID + "\",\"attempt\":" + attempt + "}";
            new CheckStatusHandler(service)
                    .handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, null);

            JsonNode result = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
            assertThat(result.path("state").asText()).as("attempt %d", attempt).isEqualTo(expectedState);
            assertThat(result.path("attempt").asInt())
                    .as("state %s", expectedState)
                    .isEqualTo(attempt);
            assertThat(result.path("nextWaitSeconds").isIntegralNumber()).isTrue();
        }
    }
}
