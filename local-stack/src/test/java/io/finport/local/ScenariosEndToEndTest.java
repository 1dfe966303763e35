package io.finport.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.domain.SensitiveDataPatterns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every file in scenarios/ through the whole local stack: local API → moto Step Functions executing the real
 * statemachine/import-workflow.asl.json → the real Java handlers → the finAPI sandbox; then the DynamoDB items and
 * the SNS messages (through the unfiltered and the email-filtered subscription) are checked against the outcome
 * each scenario documents in its "expect" block. Scenarios run concurrently, as imports do in production.
 * <p>
 * FINPORT_SCENARIOS (comma-separated names) runs only those; FINPORT_SCENARIO_CONCURRENCY bounds how many run at
 * once (default: all on moto; 4 on an attached stack, where each concurrent Lambda invocation is a JVM of its own
 * and this machine has 2 cores).
 */
class ScenariosEndToEndTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Map<String, Object> RESULTS = new TreeMap<>();
    private static final Object NEEDS_CATEGORIZATION_PARAMETER = new Object();
    private static final Object NEEDS_OTHER_LICENCE = new Object();
    private static final String UNLICENSED_RUN = " (UNLICENSED)";
    private static LocalStack stack;
    private static Notifications all;
    private static Notifications email;

    @BeforeAll
    static void runEveryScenario() throws Exception {
        stack = SharedStack.get();
        List<Path> files;
        try (Stream<Path> list = Files.list(SharedStack.repoRoot().resolve("scenarios"))) {
            files = list.filter(p -> p.toString().endsWith(".json"))
                    .filter(ScenariosEndToEndTest::selected)
                    .sorted()
                    .toList();
        }
        List<Path> awaitingCategorization = new ArrayList<>();
        List<Path> alone = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        List<Path> unlicensed = new ArrayList<>();
        for (Path f : files) {
            JsonNode scenario = MAPPER.readTree(f.toFile());
            String mode = LicenceMode.forScenario(scenario);
            if (!stack.isLocal()
                    && !LicenceMode.appliesToBoth(scenario)
                    && !mode.equals(stack.options().mandatorLicence())) {
                // An attached stack has the one licence mode it was deployed with (FinapiMandatorLicence).
                RESULTS.put(name(f), NEEDS_OTHER_LICENCE);
                continue;
            }
            if (stack.isLocal() && LicenceMode.appliesToBoth(scenario) && !scenario.has("auth")) {
                unlicensed.add(f); // IMPORT and TRACK mean the same in both modes: locally they run in both
            }
            if (stack.isLocal() && mode.equals(LicenceMode.UNLICENSED) && !LicenceMode.appliesToBoth(scenario)) {
                unlicensed.add(f);
            } else if (scenario.path("expect").path("warnings").toString().contains("CATEGORIZATION_PENDING")) {
                awaitingCategorization.add(f);
            } else if (scenario.has("auth")) {
                // The sandbox's token limit applies to every token it issues, so it would also expire the tokens of
                // imports running beside it; such scenarios run on their own.
                alone.add(f);
            } else {
                others.add(f);
            }
        }
        runConcurrently(others);
        // The second licence mode: the same stack redeployed with FinapiMandatorLicence=UNLICENSED.
        if (stack.isLocal()) {
            LocalStack.Options base = stack.options();
            stack.reconfigure(base.withMandatorLicence(LicenceMode.UNLICENSED));
            try {
                runConcurrently(unlicensed, UNLICENSED_RUN);
            } finally {
                stack.reconfigure(base);
            }
        }
        for (Path f : alone) {
            runConcurrently(List.of(f));
            // Its token limit would keep expiring the tokens of every later import in this JVM.
            if (RESULTS.get(name(f)) instanceof ScenarioRun.Result r)
                stack.sandbox().deregister(r.registered().scenarioId());
        }
        // Waiting for PFM categorization is a deployment parameter (WaitForCategorization); run those with it on.
        if (stack.isLocal()) {
            LocalStack.Options base = stack.options();
            stack.reconfigure(base.withWaitForCategorization(true));
            try {
                runConcurrently(awaitingCategorization);
            } finally {
                stack.reconfigure(base);
            }
        } else {
            awaitingCategorization.forEach(f -> RESULTS.put(name(f), NEEDS_CATEGORIZATION_PARAMETER));
        }
        all = new Notifications(stack, stack.deployed().allNotificationsQueueUrl());
        email = new Notifications(stack, stack.deployed().emailQueueUrl());
        all.drain(Duration.ofSeconds(2));
        email.drain(Duration.ofSeconds(1));
    }

    private static void runConcurrently(List<Path> files) throws Exception {
        runConcurrently(files, "");
    }

    private static void runConcurrently(List<Path> files, String suffix) throws Exception {
        Semaphore slots = new Semaphore(concurrency());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Path, Future<ScenarioRun.Result>> futures = new TreeMap<>();
            for (Path f : files) {
                futures.put(f, pool.submit(() -> {
                    slots.acquire();
                    try {
                        return new ScenarioRun(stack).run(f, TIMEOUT, null);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (var e : futures.entrySet()) {
                try {
                    RESULTS.put(name(e.getKey()) + suffix, e.getValue().get());
                } catch (Exception failure) {
                    RESULTS.put(name(e.getKey()) + suffix, failure.getCause() == null ? failure : failure.getCause());
                }
            }
        }
    }

    private static final String SELECTION = System.getenv("FINPORT_SCENARIOS");

    private static boolean selected(Path file) {
        return SELECTION == null
                || SELECTION.isBlank()
                || Set.of(SELECTION.split("\\s*,\\s*")).contains(name(file));
    }

    private static int concurrency() {
        String configured = System.getenv("FINPORT_SCENARIO_CONCURRENCY");
        if (configured != null && !configured.isBlank()) return Integer.parseInt(configured);
        return stack.isLocal() ? Integer.MAX_VALUE : 4;
    }

    @TestFactory
    Stream<DynamicTest> everyScenario_endsWithItsDocumentedOutcome() {
        if (SELECTION == null || SELECTION.isBlank()) {
            assertThat(RESULTS).hasSizeGreaterThanOrEqualTo(20);
        } else {
            // IMPORT and TRACK scenarios run once per licence mode locally: compare scenario names.
            assertThat(RESULTS.keySet().stream()
                            .map(k -> k.replace(UNLICENSED_RUN, ""))
                            .collect(Collectors.toSet()))
                    .as("FINPORT_SCENARIOS names scenarios that exist")
                    .containsExactlyInAnyOrder(SELECTION.split("\\s*,\\s*"));
        }
        return RESULTS.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> verify(e.getKey(), e.getValue())));
    }

    private static void verify(String scenario, Object outcome) throws IOException {
        assumeTrue(
                outcome != NEEDS_OTHER_LICENCE,
                "an attached stack is deployed with one FinapiMandatorLicence; this scenario needs the other mode");
        assumeTrue(
                outcome != NEEDS_CATEGORIZATION_PARAMETER,
                scenario
                        + ": an attached stack is deployed with one WaitForCategorization value; this scenario needs true");
        if (outcome instanceof Throwable t) {
            throw new AssertionError("scenario did not finish: " + t, t);
        }
        ScenarioRun.Result result = (ScenarioRun.Result) outcome;
        JsonNode record = result.finalRecord();
        JsonNode expect = result.scenario().path("expect");

        assertThat(record.path("outcome").asText())
                .as("outcome (reason: %s)", record.path("reason").asText())
                .isEqualTo(expect.path("outcome").asText());
        assertThat(texts(record.path("warnings"))).as("warnings").isEqualTo(texts(expect.path("warnings")));
        assertThat(record.path("status").asText()).isEqualTo("COMPLETED");
        if (expect.has("reasonContains")) {
            assertThat(record.path("reason").asText())
                    .contains(expect.path("reasonContains").asText());
        }
        if (result.scenario().has("task")
                && !result.scenario()
                        .path("bankConnection")
                        .path("alreadyUpdating")
                        .asBoolean()) {
            // UNLICENSED: the update ran as a Web Form 2.0 task, which GET /imports/{id} shows
            assertThat(record.path("task").path("id").asText()).hasSize(36);
            assertThat(record.path("task").path("status").asText())
                    .isEqualTo(result.scenario().path("task").path("status").asText());
        }

        // DynamoDB: the record and one item per account, with the IBAN masked
        var items = stack.clients()
                .dynamoDb()
                .query(b -> b.tableName(stack.deployed().tableName())
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("IMPORT#" + result.importId()))))
                .items();
        var meta = items.stream()
                .filter(i -> i.get("sk").s().equals("META"))
                .findFirst()
                .orElseThrow();
        assertThat(meta.get("outcome").s()).isEqualTo(expect.path("outcome").asText());
        assertThat(meta).containsKey("notifiedAt");
        long accountItems = items.stream()
                .filter(i -> i.get("sk").s().startsWith("ACCOUNT#"))
                .count();
        assertThat(accountItems).isEqualTo(record.path("accounts").size());
        if (result.registered().bankConnectionId() != null
                && !"USER_ACTION_REQUIRED".equals(expect.path("outcome").asText())
                && !result.scenario().path("bankConnection").has("updateError")
                && !"COMPLETED_WITH_ERROR"
                        .equals(result.scenario().path("task").path("status").asText())) {
            assertThat(accountItems)
                    .as("account items of %s", result.scenario().path("name").asText())
                    .isEqualTo(expectedAccounts(result.scenario()));
        }
        for (var item : items) {
            assertThat(SensitiveDataPatterns.containsIban(item.toString()))
                    .as("unmasked IBAN in DynamoDB")
                    .isFalse();
        }

        // SNS: exactly one message per import; the email subscription's filter lets everything but SUCCEEDED through
        var published = all.forImport(result.importId());
        assertThat(published).as("notifications").hasSize(1);
        assertThat(published.get(0).attributes())
                .containsEntry("outcome", expect.path("outcome").asText())
                .containsEntry("importType", result.scenario().path("type").asText());
        assertThat(published.get(0).message().path("outcome").asText())
                .isEqualTo(expect.path("outcome").asText());
        assertThat(SensitiveDataPatterns.containsIban(published.get(0).raw()))
                .as("unmasked IBAN in SNS")
                .isFalse();
        boolean emailed = !email.forImport(result.importId()).isEmpty();
        assertThat(emailed)
                .as("email filter")
                .isEqualTo(!"SUCCEEDED".equals(expect.path("outcome").asText()));
    }

    private static long expectedAccounts(JsonNode scenario) {
        if (scenario.has("generateAccounts"))
            return scenario.path("generateAccounts").path("count").asLong();
        return scenario.path("accounts").size();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String name(Path file) {
        return file.getFileName().toString().replace(".json", "");
    }
}
