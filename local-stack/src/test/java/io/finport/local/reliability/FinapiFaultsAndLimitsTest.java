package io.finport.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.local.LocalStack;
import io.finport.local.ScenarioRun;
import io.finport.sandbox.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Bad finAPI answers and limits, through the whole local stack. Every scenarios/fault-*.json and every
 * {@link BadFinapiAnswers} scenario (malformed JSON, missing fields, unknown enum values, HTML error pages until retries
 * are exhausted, an empty account list) must end in a
 * classified, recorded and notified outcome with a reason, and the execution must close (never stuck or crashed).
 * update-many-accounts (2,000 accounts on one connection) must keep state input/output and the SNS message small and
 * fetch the accounts in batches of at most 1,000 ids. All imports of this class run concurrently.
 */
class FinapiFaultsAndLimitsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(75);
    private static final int MAX_STATE_DATA_BYTES = 8 * 1024;
    private static final int SNS_LIMIT_BYTES = 256 * 1024;
    private static final Map<String, Object> RESULTS = new TreeMap<>();
    private static LocalStack stack;

    @BeforeAll
    static void runFaultScenariosAndTheLargeConnection() throws Exception {
        stack = Reliability.stack();
        Reliability.tapNotifications(stack);
        List<Path> files;
        try (Stream<Path> list = Files.list(Reliability.repoRoot().resolve("scenarios"))) {
            files = new ArrayList<>(list.filter(p -> p.getFileName().toString().matches("fault-.*\\.json"))
                    .sorted()
                    .toList());
        }
        files.add(Reliability.scenarioFile("update-many-accounts"));
        Map<String, String> scenarios = new TreeMap<>(BadFinapiAnswers.SCENARIOS);
        for (Path f : files) scenarios.put(f.getFileName().toString().replace(".json", ""), Reliability.read(f));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<ScenarioRun.Result>> futures = new TreeMap<>();
            for (var s : scenarios.entrySet()) {
                futures.put(s.getKey(), pool.submit(() -> {
                    ScenarioRun.Result r = new ScenarioRun(stack).run(s.getValue(), TIMEOUT, null);
                    Reliability.awaitClosed(stack, r.importId(), Duration.ofSeconds(20));
                    return r;
                }));
            }
            for (var e : futures.entrySet()) {
                try {
                    RESULTS.put(e.getKey(), e.getValue().get());
                } catch (Exception failure) {
                    RESULTS.put(e.getKey(), failure.getCause() == null ? failure : failure.getCause());
                }
            }
        }
    }

    @AfterAll
    static void removeFaultyScenarios() {
        // Their faults would otherwise keep answering badly for anyone reading those entities later in this JVM.
        for (String name : BadFinapiAnswers.SCENARIOS.keySet()) {
            if (RESULTS.get(name) instanceof ScenarioRun.Result r)
                stack.sandbox().deregister(r.registered().scenarioId());
        }
    }

    @TestFactory
    Stream<DynamicTest> faultScenario_whenFinapiAnswersBadly_endsRecordedNotifiedAndClosedWithAReason() {
        List<String> faults =
                RESULTS.keySet().stream().filter(n -> n.startsWith("fault-")).toList();
        assertThat(faults).hasSizeGreaterThanOrEqualTo(6);
        Reliability.report("finapi_fault_scenarios", faults.size());
        return faults.stream()
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    ScenarioRun.Result result = result(name);
                    JsonNode record = result.finalRecord();
                    assertThat(record.path("outcome").asText())
                            .as("outcome of %s (reason %s)", name, record.path("reason"))
                            .isEqualTo(result.scenario()
                                    .path("expect")
                                    .path("outcome")
                                    .asText());
                    assertThat(record.path("reason").asText("")).as("reason").isNotBlank();
                    assertThat(record.path("status").asText()).isEqualTo("COMPLETED");
                    assertThat(record.has("notifiedAt")).isTrue();
                    assertThat(Reliability.publishedFor(stack, result.importId()))
                            .as("SNS messages")
                            .hasSize(1);
                    ExecutionStatus status = Reliability.status(stack, result.importId());
                    assertThat(status).as("execution closed").isIn(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
                    for (JsonNode fault : result.scenario().path("faults")) {
                        String[] request = fault.path("request").asText().split(" ", 2);
                        assertThat(stack.sandbox().requests(result.registered().scenarioId()).stream()
                                        .anyMatch(r -> r.method().equals(request[0])
                                                && request[1].equals(r.template())
                                                && r.status()
                                                        == fault.path("status").asInt(200)))
                                .as("fault %s was hit", fault.path("request").asText())
                                .isTrue();
                    }
                    Reliability.count("finapi_fault_outcomes_recorded", 1);
                }));
    }

    @Test
    void manyAccounts_whenTwoThousandAccountsAreImported_keepsStateDataAndTheMessageSmallAndBatchesAccountLookUps() {
        ScenarioRun.Result result = result("update-many-accounts");
        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.finalRecord().path("accounts")).hasSize(2000);

        int largest = 0;
        List<HistoryEvent> history = Reliability.history(stack, Reliability.executionArn(stack, result.importId()));
        for (HistoryEvent e : history) {
            for (String data : stateData(e)) largest = Math.max(largest, data.getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(largest)
                .as("largest state input/output in bytes")
                .isPositive()
                .isLessThan(MAX_STATE_DATA_BYTES);

        List<Reliability.Published> messages = Reliability.publishedFor(stack, result.importId());
        assertThat(messages).hasSize(1);
        int snsBytes = messages.get(0).raw().getBytes(StandardCharsets.UTF_8).length;
        var view = stack.workflow().store().load(result.importId()).orElseThrow();
        int envelopeBytes = io.finport.workflow.notify.OutcomeNotifier.build(view)
                .envelope()
                .getBytes(StandardCharsets.UTF_8)
                .length;
        assertThat(snsBytes).isLessThan(SNS_LIMIT_BYTES);
        assertThat(envelopeBytes).as("published envelope incl. the email text").isLessThan(SNS_LIMIT_BYTES);

        List<RecordedRequest> lookUps = stack
                .sandbox()
                .requests(result.registered().scenarioId())
                .stream()
                .filter(r -> r.method().equals("GET") && "/api/v2/accounts".equals(r.template()))
                .toList();
        assertThat(lookUps.size()).as("account look-ups").isGreaterThanOrEqualTo(2);
        for (RecordedRequest r : lookUps)
            assertThat(r.status()).as("look-up answered").isEqualTo(200);
        // The request log keeps no query string, so the id count per call is proven by the sandbox's limit (more than
        // 1,000 ids → 400 TOO_MANY_IDS, asserted absent above) and by the number of calls per fetch:
        long fetches = lookUps.size();
        assertThat(fetches % 2)
                .as("each fetch of 2,000 accounts takes exactly two calls")
                .isZero();

        Reliability.report("limits_accounts", 2000);
        Reliability.report("limits_history_events", history.size());
        Reliability.report("limits_largest_state_data_bytes", largest);
        Reliability.report("limits_sns_delivery_bytes", snsBytes);
        Reliability.report("limits_sns_envelope_bytes", envelopeBytes);
        Reliability.report("limits_account_lookup_calls", lookUps.size());
    }

    private static List<String> stateData(HistoryEvent e) {
        List<String> data = new ArrayList<>();
        if (e.stateEnteredEventDetails() != null)
            data.add(e.stateEnteredEventDetails().input());
        if (e.stateExitedEventDetails() != null)
            data.add(e.stateExitedEventDetails().output());
        if (e.executionStartedEventDetails() != null)
            data.add(e.executionStartedEventDetails().input());
        if (e.executionSucceededEventDetails() != null)
            data.add(e.executionSucceededEventDetails().output());
        if (e.taskScheduledEventDetails() != null)
            data.add(e.taskScheduledEventDetails().parameters());
        if (e.taskSucceededEventDetails() != null)
            data.add(e.taskSucceededEventDetails().output());
        if (e.lambdaFunctionSucceededEventDetails() != null)
            data.add(e.lambdaFunctionSucceededEventDetails().output());
        data.removeIf(d -> d == null);
        return data;
    }

    private static ScenarioRun.Result result(String name) {
        Object outcome = RESULTS.get(name);
        if (outcome instanceof Throwable t) throw new AssertionError(name + " did not finish: " + t, t);
        assertThat(outcome).as(name).isNotNull();
        return (ScenarioRun.Result) outcome;
    }
}
