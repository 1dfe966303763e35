package io.finport.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.local.LocalApiClient;
import io.finport.local.LocalStack;
import io.finport.local.ScenarioRun;
import io.finport.sandbox.RegisteredScenario;
import io.finport.sandbox.SandboxOptions;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.service.PasswordCipher;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * No leaks, proven: every scenario file has run through this JVM's local stack (runs of other test classes are
 * reused; missing scenarios are run here), then every execution history event (with state input/output and error
 * causes), every handler log line of this stack, every SNS message (as delivered, and the email text each import's
 * envelope carries), every API answer for every import and every DynamoDB item are scanned for IBANs, account
 * numbers, balances, holder names, user passwords (decrypted from DynamoDB with KMS), the client secret and every
 * token the finAPI sandbox issued.
 */
class LeakScanTest {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    // API lines (finAPI's callback route included: a refused token names no import) need no import correlation.
    private static final Set<String> API_LOGGERS =
            Set.of("ImportApi", "ImportApiHandler", "RefreshApi", "CallbackReceiver", "FinapiCallbackHandler");
    private static LocalStack stack;
    private static Instant stackCreated;
    private static final Map<String, String> IMPORT_OF_SCENARIO = new TreeMap<>();
    private static final Set<String> IMPORT_IDS = new HashSet<>();

    @BeforeAll
    static void runEveryScenarioNotYetRun() throws Exception {
        stack = Reliability.stack();
        Reliability.tapNotifications(stack);
        stackCreated = stack.clients()
                .sfn()
                .describeStateMachine(b -> b.stateMachineArn(stack.deployed().stateMachineArn()))
                .creationDate();
        List<Path> files;
        try (Stream<Path> list = Files.list(Reliability.repoRoot().resolve("scenarios"))) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Map<String, String> finished = finishedImportsByUserReference();
        List<Path> missing = files.stream()
                .filter(f -> !finished.containsKey(userReference(f)))
                .toList();
        // Only the data matters here, not the outcomes (ScenariosEndToEndTest checks those): everything missing runs
        // at once, with categorization waits on so that path is exercised too. A scenario's token limit makes the
        // others refresh their tokens, which the product handles.
        if (!missing.isEmpty()) {
            LocalStack.Options base = stack.options();
            // A shorter poll deadline keeps never-ready scenarios short; they still take the TIMED_OUT path.
            stack.reconfigure(base.withWaitForCategorization(true).withPollDeadline(Duration.ofSeconds(10)));
            try {
                runConcurrently(missing);
            } finally {
                stack.reconfigure(base);
            }
        }
        Reliability.report("leak_scenarios_reused", files.size() - missing.size());
        Reliability.report("leak_scenarios_run_here", missing.size());
        Reliability.awaitNoRunningExecution(stack);
        Map<String, String> now = finishedImportsByUserReference();
        for (Path f : files) {
            String importId = now.get(userReference(f));
            if (importId != null) IMPORT_OF_SCENARIO.put(f.getFileName().toString(), importId);
        }
        for (ExecutionListItem e : Reliability.executions(stack)) IMPORT_IDS.add(e.name());
    }

    @Test
    void everyOutput_whenScannedAfterEveryScenarioRan_containsNoIbanAccountNumberBalancePasswordSecretOrToken()
            throws Exception {
        assertThat(IMPORT_OF_SCENARIO.keySet())
                .as("scenario files with a finished import")
                .hasSize((int) Files.list(Reliability.repoRoot().resolve("scenarios"))
                        .filter(p -> p.toString().endsWith(".json"))
                        .count());
        LeakScanner scanner = knownSensitiveValues();
        List<String> findings = new ArrayList<>();
        Map<String, Long> scanned = new LinkedHashMap<>();

        // Step Functions: every event of every execution, with the data the SDK's toString() would redact.
        long events = 0;
        for (ExecutionListItem e : Reliability.executions(stack)) {
            for (HistoryEvent event : Reliability.history(stack, e.executionArn())) {
                findings.addAll(scanner.scan(
                        "history " + e.name() + " #" + event.id() + " " + event.typeAsString(),
                        Reliability.fullText(event)));
                events++;
            }
        }
        scanned.put("executions", (long) IMPORT_IDS.size());
        scanned.put("history_events", events);

        // Handler logs of this stack.
        List<String> lines = handlerLogLines();
        for (int i = 0; i < lines.size(); i++)
            findings.addAll(scanner.scan("handlers.log line " + (i + 1), lines.get(i)));
        scanned.put("log_lines", (long) lines.size());

        // SNS: what the topic delivered since the tap subscribed, and the full envelope (email text included) of
        // every import, rebuilt from its record exactly as the notifier publishes it.
        List<Reliability.Published> delivered = Reliability.published(stack);
        for (Reliability.Published p : delivered)
            findings.addAll(scanner.scan("SNS delivery " + p.importId(), p.raw()));
        long envelopes = 0;
        for (String importId : IMPORT_IDS) {
            var view = stack.workflow().store().load(importId);
            if (view.isEmpty() || view.get().record().outcome() == null) continue;
            OutcomeNotifier.Message message = OutcomeNotifier.build(view.get());
            findings.addAll(scanner.scan("SNS envelope " + importId, message.subject() + "\n" + message.envelope()));
            envelopes++;
        }
        scanned.put("sns_messages_delivered", (long) delivered.size());
        scanned.put("sns_envelopes_rebuilt", envelopes);

        // API: every import as its caller reads it, and error answers that name an import or a connection.
        LocalApiClient api = Reliability.api(stack);
        long bodies = 0;
        for (String importId : IMPORT_IDS) {
            findings.addAll(scanner.scan(
                    "GET /imports/" + importId, api.getImport(importId).body()));
            var other = api.send(HttpRequest.newBuilder(stack.apiUrl().resolve("/imports/" + importId))
                    .header("X-Local-Caller", "someone-else")
                    .GET()
                    .build());
            findings.addAll(scanner.scan("GET /imports/" + importId + " (other caller)", other.body()));
            bodies += 2;
        }
        scanned.put("api_bodies", bodies);

        // DynamoDB: every item (the password ciphertext is the one attribute allowed to hold a credential).
        long items = 0;
        for (var page : stack.clients()
                .dynamoDb()
                .scanPaginator(b -> b.tableName(stack.deployed().tableName()))) {
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, AttributeValue> copy = new HashMap<>(item);
                copy.remove("passwordCiphertext");
                findings.addAll(scanner.scan(
                        "DynamoDB " + item.get("pk").s() + "/" + item.get("sk").s(), Reliability.fullText(copy)));
                items++;
            }
        }
        scanned.put("dynamodb_items", items);

        scanned.forEach((k, v) -> Reliability.report("leak_scan_" + k, v));
        Reliability.report("leak_scan_known_sensitive_values", scanner.knownValues());
        Reliability.report("leak_scan_texts", scanner.textsScanned());
        Reliability.report("leak_scan_findings", findings.size());
        Reliability.report("imports_lost", IMPORT_IDS.size() - envelopes);
        assertThat(findings).as("sensitive data found").isEmpty();
        assertThat(envelopes).as("imports with a recorded outcome (none lost)").isEqualTo(IMPORT_IDS.size());
        assertThat(events).isPositive();
        assertThat(lines).isNotEmpty();
    }

    @Test
    void handlerLog_whenWrittenDuringImports_isJsonWithRequestIdOnEveryLineAndImportIdOnEveryTaskLine() {
        List<String> lines = handlerLogLines();
        List<String> problems = new ArrayList<>();
        long taskLines = 0;
        for (String line : lines) {
            JsonNode json;
            try {
                json = Reliability.MAPPER.readTree(line);
            } catch (Exception e) {
                problems.add("not JSON: " + LeakScanner.mask(line));
                continue;
            }
            if (json == null
                    || !json.isObject()
                    || !json.hasNonNull("timestamp")
                    || !json.hasNonNull("level")
                    || !json.hasNonNull("logger")
                    || !json.hasNonNull("message")) {
                problems.add("missing timestamp/level/logger/message: " + line);
                continue;
            }
            // every line of an invocation, API or task, names Lambda's request id (LocalContext gives one locally)
            if (json.path("requestId").asText("").isEmpty()) {
                problems.add("line without the invocation's requestId: " + line);
            }
            if (API_LOGGERS.contains(json.path("logger").asText())) continue;
            taskLines++;
            // a refresh run's task lines correlate by the refresh id: they belong to no single import
            if (!json.path("refreshId").asText("").isEmpty()) continue;
            String importId = json.path("importId").asText("");
            String executionName = json.path("executionName").asText("");
            if (importId.isEmpty() || executionName.isEmpty()) {
                problems.add("task line without importId/executionName: " + line);
            } else if (!importId.equals(executionName)) {
                problems.add("executionName is not the import id: " + line);
            }
        }
        Reliability.report("log_lines_checked", lines.size());
        Reliability.report("log_task_lines_correlated", taskLines - problems.size());
        assertThat(problems).isEmpty();
        assertThat(taskLines).isPositive();
    }

    // ---- what is sensitive --------------------------------------------------------------------------------------

    private static LeakScanner knownSensitiveValues() throws Exception {
        LeakScanner scanner = new LeakScanner().secret(SandboxOptions.DEFAULT_CLIENT_SECRET);
        Set<String> accountIds = new HashSet<>();
        List<JsonNode> accounts = new ArrayList<>();
        // Literally in the scenario files.
        try (Stream<Path> list = Files.list(Reliability.repoRoot().resolve("scenarios"))) {
            for (Path f : list.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode scenario = Reliability.json(Reliability.read(f));
                scenario.path("accounts").forEach(accounts::add);
                if (scenario.path("user").has("password"))
                    scanner.secret(scenario.path("user").path("password").asText());
            }
        }
        for (String text : BadFinapiAnswers.SCENARIOS.values())
            Reliability.json(text).path("accounts").forEach(accounts::add);
        // Everything the sandbox serves: generated accounts included, as finAPI serialises them.
        for (JsonNode state : Reliability.json(sandboxAdmin("/sandbox/scenarios"))) {
            Set<Long> connections = new HashSet<>();
            if (state.hasNonNull("bankConnectionId"))
                connections.add(state.path("bankConnectionId").asLong());
            state.path("webForms").forEach(w -> {
                if (w.hasNonNull("bankConnectionId"))
                    connections.add(w.path("bankConnectionId").asLong());
            });
            for (long connection : connections) {
                String answer = finapiGet("/api/v2/accounts?bankConnectionIds=" + connection);
                try {
                    Reliability.MAPPER.readTree(answer).path("accounts").forEach(accounts::add);
                } catch (Exception faultInjectedBody) {
                    // a scenario's fault answered instead (its accounts are known from the scenario text)
                }
            }
        }
        for (JsonNode a : accounts) {
            if (a.has("id")) accountIds.add(a.path("id").asText());
        }
        for (JsonNode a : accounts) {
            scanner.iban(a.path("iban").asText(null));
            String number = a.path("accountNumber").asText(null);
            // The sandbox derives generated account numbers from the account id, which the product shows on purpose.
            if (number != null && !accountIds.contains(number)) scanner.accountNumber(number);
            if (a.path("iban").isTextual()
                    && a.path("iban").asText().startsWith("DE")
                    && a.path("iban").asText().length() == 22) {
                String derived = a.path("iban").asText().substring(12).replaceFirst("^0+(?=.)", "");
                if (!accountIds.contains(derived)) scanner.accountNumber(derived);
            }
            if (a.has("balance") && !a.path("balance").isNull())
                scanner.balance(a.path("balance").asText());
            scanner.secret(a.path("accountHolderName").asText(null));
        }
        // finAPI user passwords: stored as KMS ciphertext, decrypted here to know what must never appear.
        PasswordCipher cipher =
                new PasswordCipher(() -> stack.clients().kms(), stack.deployed().keyId());
        for (var page : stack.clients()
                .dynamoDb()
                .scanPaginator(b -> b.tableName(stack.deployed().tableName()))) {
            for (var item : page.items()) {
                if (item.containsKey("passwordCiphertext")) {
                    String pk = item.get("pk").s();
                    String reference = pk.substring(pk.lastIndexOf('#') + 1);
                    String callerId =
                            item.containsKey("callerId") ? item.get("callerId").s() : null;
                    scanner.secret(cipher.decrypt(item.get("passwordCiphertext").s(), callerId, reference));
                }
            }
        }
        sandboxTokens().forEach(scanner::token);
        // finAPI callback tokens: only finAPI (here the sandbox) ever sees them, as the last segment of the URL.
        List<String> callbackUrls = stack.sandbox().registeredCallbackUrls();
        callbackUrls.forEach(url -> scanner.token(url.substring(url.lastIndexOf('/') + 1)));
        Reliability.report("leak_scan_callback_tokens", callbackUrls.size());
        return scanner;
    }

    /** Every access and refresh token the sandbox holds (tokens are random, so they are looked up, not guessed). */
    private static Set<String> sandboxTokens() {
        Set<String> tokens = stack.sandbox().issuedTokens();
        assertThat(tokens).as("tokens the sandbox issued").isNotEmpty();
        Reliability.report("leak_scan_tokens_known", tokens.size());
        return tokens;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Handler log lines written by this stack (the file is shared by every local run, so older lines are skipped). */
    private static List<String> handlerLogLines() {
        List<String> all;
        try {
            all = Files.readAllLines(stack.handlerLogFile(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> ours = new ArrayList<>();
        boolean started = false;
        for (String line : all) {
            JsonNode json = null;
            try {
                json = Reliability.MAPPER.readTree(line);
            } catch (Exception notJson) {
                // kept once inside this stack's part of the file
            }
            if (!started
                    && json != null
                    && json.hasNonNull("timestamp")
                    && !Instant.parse(json.path("timestamp").asText()).isBefore(stackCreated.minusSeconds(1))) {
                started = true;
            }
            if (!started) continue;
            // Other local runs may append to the same file meanwhile: keep lines of this stack's imports and
            // lines without an import id.
            String importId = json == null ? "" : json.path("importId").asText("");
            if (importId.isEmpty() || IMPORT_IDS.contains(importId)) ours.add(line);
        }
        return ours;
    }

    private static Map<String, String> finishedImportsByUserReference() {
        Map<String, String> byReference = new HashMap<>();
        for (var page : stack.clients()
                .dynamoDb()
                .scanPaginator(b -> b.tableName(stack.deployed().tableName())
                        .filterExpression("sk = :meta AND attribute_exists(notifiedAt)")
                        .expressionAttributeValues(Map.of(":meta", AttributeValue.fromS("META"))))) {
            for (var item : page.items()) {
                if (item.containsKey("userReference"))
                    byReference.put(
                            item.get("userReference").s(), item.get("importId").s());
            }
        }
        return byReference;
    }

    private static String userReference(Path scenarioFile) {
        JsonNode scenario = Reliability.json(Reliability.read(scenarioFile));
        return "user-" + scenario.path("name").asText("local").replaceAll("[^A-Za-z0-9_-]", "-");
    }

    private static void runConcurrently(List<Path> files) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ScenarioRun.Result>> futures = new ArrayList<>();
            for (Path f : files) {
                String json = Reliability.read(f);
                JsonNode scenario = Reliability.json(json);
                // Registered here, so the token-limited ones can be removed afterwards even if their run fails.
                RegisteredScenario registered = stack.sandbox().register(json);
                if (scenario.path("auth").has("tokenValidRequests")) TOKEN_LIMITED.add(registered.scenarioId());
                futures.add(pool.submit(() -> {
                    ScenarioRun run = new ScenarioRun(stack);
                    String importId = run.start(scenario, registered, "leak-" + UUID.randomUUID());
                    return run.awaitFinished(importId, registered, scenario, RUN_TIMEOUT, null);
                }));
            }
            for (var f : futures) f.get();
        }
    }

    private static final List<String> TOKEN_LIMITED = new ArrayList<>();

    /** A scenario's token limit applies to the whole sandbox: remove those this class registered for the next tests. */
    @AfterAll
    static void removeTokenLimitedScenarios() {
        TOKEN_LIMITED.forEach(id -> stack.sandbox().deregister(id));
    }

    private static String sandboxAdmin(String path) {
        return Reliability.http(HttpRequest.newBuilder(stack.sandbox().baseUrl().resolve(path))
                        .GET()
                        .build())
                .body();
    }

    private static String userToken;

    /** A finAPI GET with a fresh user token per call (a scenario's token limit may be active). */
    private static String finapiGet(String pathAndQuery) {
        if (userToken == null) {
            String clientToken = token("grant_type=client_credentials");
            userToken =
                    "leakscan" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            Reliability.http(HttpRequest.newBuilder(stack.sandbox().baseUrl().resolve("/api/v2/users"))
                    .header("Authorization", "Bearer " + clientToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"id\":\"" + userToken + "\",\"password\":\"leak-scan-pw\"}"))
                    .build());
        }
        String token = token("grant_type=password&username=" + userToken + "&password=leak-scan-pw");
        return Reliability.http(HttpRequest.newBuilder(stack.sandbox().baseUrl().resolve(pathAndQuery))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build())
                .body();
    }

    private static String token(String grant) {
        String form = grant + "&client_id=" + enc(SandboxOptions.DEFAULT_CLIENT_ID) + "&client_secret="
                + enc(SandboxOptions.DEFAULT_CLIENT_SECRET);
        var response = Reliability.http(
                HttpRequest.newBuilder(stack.sandbox().baseUrl().resolve("/api/v2/oauth/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build());
        return Reliability.json(response.body()).path("access_token").asText();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
