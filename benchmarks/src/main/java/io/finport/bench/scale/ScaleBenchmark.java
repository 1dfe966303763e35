package io.finport.bench.scale;

import static io.finport.bench.Stats.fmt;
import static io.finport.bench.Stats.median;

import io.finport.bench.Stats;
import io.finport.bench.local.BenchImports;
import io.finport.bench.local.ImportTables;
import io.finport.bench.local.LocalProcess;
import io.finport.bench.local.SandboxAdmin;
import io.finport.domain.OutcomeClassifier;
import io.finport.domain.poll.AdaptivePollPolicy;
import io.finport.domain.poll.PollLoopState;
import io.finport.domain.poll.PollSettings;
import io.finport.finapi.ClientCredentials;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiConfig;
import io.finport.sandbox.SandboxOptions;
import io.finport.workflow.callback.FinapiCallbacks;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.service.FinapiUsers;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.service.PasswordCipher;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.DynamoTable;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.store.UserDirectory;
import io.finport.workflow.task.Json;
import io.finport.workflow.task.TaskIo.RecordedAndNotified;
import io.finport.workflow.tenant.ConnectionOwnership;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Scale benchmark: "Fetch accounts and record outcome" ({@link ImportService#recordOutcome}) for connections with
 * 1 to 2,000 accounts, with the real service, finAPI client and store, against DynamoDB Local (server mode) and the
 * finAPI sandbox, both as their own processes so that this JVM's heap holds only the product's code. Each import is
 * started and checked until READY first (not timed). Prints Markdown.
 * Arguments: {@code --sizes 1,10,100,1000,2000}, {@code --runs N} (default 5), {@code --native DIR} (sqlite4java
 * library for DynamoDB Local), {@code --work DIR} (logs; default benchmarks/target/scale).
 */
public final class ScaleBenchmark {
    static final String TABLE = "finport-scale";
    private static final String USER = "scale-user";

    /** One measured step. */
    record Sample(
            int accounts,
            long micros,
            long peakHeapBytes,
            long allocatedBytes,
            Map<String, Integer> dynamoDb,
            int finapiRequests,
            int stateBytes,
            String outcome) {
        int dynamoDbTotal() {
            return dynamoDb.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final BenchImports imports;
    private final ImportService service;
    private final RequestCounter counter;
    private final SandboxAdmin sandbox;
    private final HeapProbe heap = new HeapProbe();

    ScaleBenchmark(BenchImports imports, ImportService service, RequestCounter counter, SandboxAdmin sandbox) {
        this.imports = imports;
        this.service = service;
        this.counter = counter;
        this.sandbox = sandbox;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i], args[i + 1]);
        int[] sizes = Arrays.stream(
                        options.getOrDefault("--sizes", "1,10,100,1000,2000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        int runs = Integer.parseInt(options.getOrDefault("--runs", "5"));
        Path nativeDir = Path.of(options.getOrDefault("--native", "benchmarks/target/native"));
        Path work = Path.of(options.getOrDefault("--work", "benchmarks/target/scale"));
        Files.createDirectories(work.resolve("logs"));

        RequestCounter counter = new RequestCounter();
        try (LocalProcess dynamoDbLocal = LocalProcess.dynamoDbLocal(nativeDir, work.resolve("logs"));
                LocalProcess sandboxProcess = LocalProcess.sandbox(work.resolve("logs"));
                PrintStream serviceLog = new PrintStream(
                        Files.newOutputStream(work.resolve("logs/service.log")), true, StandardCharsets.UTF_8);
                DynamoDbClient dynamoDb = dynamoDb(dynamoDbLocal.endpoint(), counter)) {
            StructuredLog.redirect(serviceLog);
            ImportTables.create(dynamoDb, TABLE);
            ScaleBenchmark bench = wire(dynamoDb, counter, sandboxProcess.endpoint());
            // Warm-up (not reported): class loading and JIT, so the table shows the step on a warm Lambda container.
            for (int i = 0; i < 3; i++) bench.measure(200);
            Map<Integer, List<Sample>> results = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                for (int size : sizes)
                    results.computeIfAbsent(size, k -> new ArrayList<>()).add(bench.measure(size));
            }
            print(results, runs);
        }
    }

    /** The production wiring of {@code Workflow}, with a password cipher that only base64-encodes (no KMS here). */
    static ScaleBenchmark wire(DynamoDbClient dynamoDb, RequestCounter counter, URI sandboxUrl) {
        // The template's parameter defaults; no secret or key is read here (fixed credentials, base64 cipher).
        Map<String, String> env = Map.ofEntries(
                Map.entry("TABLE_NAME", TABLE),
                Map.entry("FINAPI_ACCESS_BASE_URL", sandboxUrl.toString()),
                Map.entry("FINAPI_WEBFORM_BASE_URL", sandboxUrl.toString()),
                Map.entry("FINAPI_CLIENT_SECRET_ARN", "unused"),
                Map.entry("USER_PASSWORD_KEY_ID", "unused"),
                Map.entry("POLL_DEADLINE_SECONDS", "1800"),
                Map.entry("POLL_MIN_WAIT_SECONDS", "2"),
                Map.entry("POLL_MAX_WAIT_SECONDS", "60"),
                Map.entry("WAIT_FOR_CATEGORIZATION", "false"),
                Map.entry("FINAPI_MANDATOR_LICENCE", "UNLICENSED"),
                Map.entry("AWS_REGION", "eu-central-1"));
        WorkflowConfig config = WorkflowConfig.fromEnvironment(env);
        Clock clock = Clock.systemUTC();
        ImportStore store = new ImportStore(() -> dynamoDb, TABLE, config.recordRetention());
        FinapiClient finapi = FinapiClient.create(
                FinapiConfig.sandboxDefaults()
                        .withBaseUrls(config.finapiAccessBaseUrl(), config.finapiWebFormBaseUrl()),
                () -> new ClientCredentials(SandboxOptions.DEFAULT_CLIENT_ID, SandboxOptions.DEFAULT_CLIENT_SECRET));
        FinapiUsers users =
                new FinapiUsers(new UserDirectory(() -> dynamoDb, TABLE), finapi, new Base64PasswordCipher(), clock);
        ConnectionOwnership ownership =
                new ConnectionOwnership(new ConnectionOwners(() -> dynamoDb, TABLE), finapi, clock);
        ConnectionLocks locks = new ConnectionLocks(() -> dynamoDb, TABLE);
        ImportService service = new ImportService(
                store,
                new PollHistories(new DynamoTable(() -> dynamoDb, TABLE, clock)),
                locks,
                finapi,
                users,
                ownership,
                new AdaptivePollPolicy(PollSettings.defaults()),
                new OutcomeClassifier(),
                config,
                clock,
                null,
                FinapiCallbacks.off());
        return new ScaleBenchmark(new BenchImports(store, locks), service, counter, new SandboxAdmin(sandboxUrl));
    }

    /** One import of a connection with this many accounts; only recordOutcome is measured. */
    Sample measure(int accounts) throws IOException {
        SandboxAdmin.Registered scenario =
                sandbox.register(SandboxAdmin.updateScenario("scale-" + accounts, accounts, "UPDATED"));
        String importId = imports.createUpdate(USER, scenario.bankConnectionId());
        service.start(importId);
        PollLoopState state = PollLoopState.WAITING;
        for (int attempt = 1; attempt <= 10 && state != PollLoopState.READY; attempt++) {
            state = service.check(importId, attempt).state();
        }
        if (state != PollLoopState.READY)
            throw new IllegalStateException("the sandbox connection did not become READY");

        sandbox.clearRequests();
        counter.reset();
        heap.start();
        long started = System.nanoTime();
        String outcome = service.recordOutcome(importId, state).name();
        long micros = (System.nanoTime() - started) / 1_000;
        long peak = heap.peakAboveStart();
        long allocated = heap.allocatedSinceStart();
        Map<String, Integer> requests = counter.snapshot();
        int finapiRequests = sandbox.requestCount();
        int stateBytes = stateBytes(outcome);
        sandbox.deregister(scenario.scenarioId());
        return new Sample(accounts, micros, peak, allocated, requests, finapiRequests, stateBytes, outcome);
    }

    /**
     * The step's output as the handler writes it (a RecordedAndNotified, whatever fields it has, with an SNS message
     * id of the usual 36 characters), in bytes.
     */
    static int stateBytes(String outcome) throws IOException {
        RecordedAndNotified result = Json.MAPPER.convertValue(
                Map.of("outcome", outcome, "messageId", "00000000-0000-0000-0000-000000000000"),
                RecordedAndNotified.class);
        return Json.MAPPER.writeValueAsBytes(result).length;
    }

    private static DynamoDbClient dynamoDb(URI endpoint, RequestCounter counter) {
        // As AwsClients builds it (UrlConnection client, timeouts), plus the counting interceptor.
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(10)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(20))
                        .apiCallAttemptTimeout(Duration.ofSeconds(8))
                        .addExecutionInterceptor(counter)
                        .build())
                .build();
    }

    // ---- report -------------------------------------------------------------------------------------------

    static void print(Map<Integer, List<Sample>> results, int runs) {
        System.out.println(
                "**Run:** " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores ("
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "), Java "
                        + System.getProperty("java.version") + ", heap max "
                        + Runtime.getRuntime().maxMemory() / 1_048_576
                        + " MB; " + runs + " imports per size after 3 warm-up imports, median (min–max).");
        System.out.println();
        System.out.println(
                "| accounts | wall time, ms | ms per 1,000 accounts | peak heap above start, MB | allocated, MB | DynamoDB requests (BatchWriteItem) | finAPI requests | returned state, bytes | outcome |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (var entry : results.entrySet()) {
            List<Sample> s = entry.getValue();
            int n = entry.getKey();
            double ms = median(s.stream().map(x -> x.micros() / 1000.0).toList());
            Sample first = s.get(0);
            System.out.println("| " + fmt(n, 0) + " | " + fmt(ms, 1) + " ("
                    + fmt(Stats.min(s.stream().map(x -> x.micros() / 1000.0).toList()), 1)
                    + "–"
                    + fmt(Stats.max(s.stream().map(x -> x.micros() / 1000.0).toList()), 1) + ") | "
                    + fmt(ms / n * 1000, 0) + " | "
                    + fmt(
                            median(s.stream()
                                    .map(x -> x.peakHeapBytes() / 1_048_576.0)
                                    .toList()),
                            1) + " | "
                    + fmt(
                            median(s.stream()
                                    .map(x -> x.allocatedBytes() / 1_048_576.0)
                                    .toList()),
                            1) + " | "
                    + fmt(median(s.stream().map(Sample::dynamoDbTotal).toList()), 0) + " ("
                    + fmt(
                            median(s.stream()
                                    .map(x -> x.dynamoDb().getOrDefault("BatchWriteItem", 0))
                                    .toList()),
                            0) + ") | "
                    + fmt(median(s.stream().map(Sample::finapiRequests).toList()), 0) + " | "
                    + s.stream()
                            .map(Sample::stateBytes)
                            .distinct()
                            .map(String::valueOf)
                            .reduce((a, b) -> a + "/" + b)
                            .orElse("–")
                    + " | "
                    + s.stream()
                            .map(Sample::outcome)
                            .distinct()
                            .reduce((a, b) -> a + "/" + b)
                            .orElse("–") + " |");
        }
        System.out.println();
        List<Integer> sizes = new ArrayList<>(results.keySet());
        Sample largest = results.get(sizes.get(sizes.size() - 1)).get(0);
        System.out.println("DynamoDB requests of one import of " + fmt(largest.accounts(), 0)
                + " accounts, by operation: " + largest.dynamoDb() + ".");
        int from = sizes.stream().filter(n -> n >= 100).findFirst().orElse(sizes.get(0));
        int to = sizes.get(sizes.size() - 1);
        double tFrom =
                median(results.get(from).stream().map(x -> x.micros() / 1000.0).toList());
        double tTo =
                median(results.get(to).stream().map(x -> x.micros() / 1000.0).toList());
        double k = Stats.scalingExponent(from, tFrom, to, tTo);
        boolean constantState = results.values().stream()
                        .flatMap(List::stream)
                        .map(Sample::stateBytes)
                        .distinct()
                        .count()
                == 1;
        System.out.println();
        System.out.println("Targets: time ~ accounts^" + fmt(k, 2) + " from " + fmt(from, 0) + " to " + fmt(to, 0)
                + " accounts (" + (k <= 1.05 ? "linear or better: **met**" : "**worse than linear: not met**") + "); "
                + fmt(to, 0) + " accounts in " + fmt(tTo, 0) + " ms ("
                + (tTo < 3000 ? "under 3 s: **met**" : "**not under 3 s**")
                + "); returned state " + (constantState ? "constant in size: **met**" : "**varies in size: not met**")
                + ".");
        Sample big = results.get(to).get(0);
        System.out.println();
        System.out.println("<!-- readme: fetch, classify and record " + fmt(to, 0)
                + " accounts (DynamoDB Local + sandbox) | " + fmt(tTo / 1000, 2) + " s, "
                + big.dynamoDb().getOrDefault("BatchWriteItem", 0) + " batch writes, " + big.stateBytes()
                + " bytes of returned state -->");
    }

    /** Stands in for KMS: the scale benchmark does not measure password encryption. */
    static final class Base64PasswordCipher extends PasswordCipher {
        Base64PasswordCipher() {
            super(
                    () -> {
                        throw new IllegalStateException("no KMS in the scale benchmark");
                    },
                    "none");
        }

        @Override
        public String encrypt(String password, String callerId, String userReference) {
            return Base64.getEncoder()
                    .encodeToString((userReference + "\n" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String decrypt(String ciphertext, String callerId, String userReference) {
            String plain = new String(Base64.getDecoder().decode(ciphertext), StandardCharsets.UTF_8);
            return plain.substring(plain.indexOf('\n') + 1);
        }
    }
}
