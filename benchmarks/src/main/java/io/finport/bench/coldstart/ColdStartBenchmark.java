package io.finport.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.bench.local.BenchImports;
import io.finport.bench.local.LocalProcess;
import io.finport.bench.local.SandboxAdmin;
import io.finport.domain.poll.PollLoopState;
import io.finport.workflow.Workflow;
import io.finport.workflow.aws.AwsClients;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ConnectionLocks;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Cold-start benchmark. Each handler of the Lambda package runs in a fresh JVM (the JVM flags of template.yaml),
 * on the package's own classpath, and gets one real event; the time runs from starting the process to the
 * complete result. Floors are measured in the same run: a handler that only returns, one that only builds a
 * DynamoDB client (the SDK floor the targets are stated against), and per set of AWS services a handler calls, one
 * that makes a first call to each of them and nothing else ({@link SdkCallsHandler}). The backends are real local servers: moto (DynamoDB, KMS, Secrets Manager, SNS, Step
 * Functions) and the finAPI sandbox, both as their own processes. Each event is prepared by the real workflow code
 * in this JVM (not timed), so every handler does its production work. Then a CDS archive trained on all six
 * handlers (one archive, because all functions share one package) is measured. Prints Markdown.
 * Arguments: {@code --package DIR} (jars of the deployment package), {@code --functions DIR} (optional: the
 * per-function packages as {@code sam build} lays them out, {@code <LogicalId>/}; the timed table then runs each
 * handler on its own, see {@link ClassPaths}), {@code --moto PATH} (moto_server),
 * {@code --runs N} (default 5), {@code --work DIR} (logs, events, archive; default benchmarks/target/coldstart),
 * {@code --cds false} (skips the AppCDS archive and its rows: half the time, for trying a change),
 * {@code --jvm-extra "FLAGS"} (more flags for every child, e.g. {@code -Xlog:class+load:file=/tmp/cl-%p.log:uptime} to
 * see where a cold start goes), {@code --only TEXT} (only the handlers whose name contains TEXT, plus the floors).
 */
public final class ColdStartBenchmark {
    /**
     * What Lambda's java21 runtime starts the JVM with by itself (template.yaml adds nothing: JAVA_TOOL_OPTIONS would
     * print a non-JSON line): SerialGC, and tiered compilation stopped at level 1 (C1 only), which the Lambda developer
     * guide ("Customize Java runtime startup behavior", tiered compilation) documents as the default of the Java 17 and
     * Java 21 runtimes. Floors and handlers run with the same flags.
     */
    static final List<String> JVM_FLAGS =
            List.of("-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String USER = "bench-user";
    private static final String CALLER_ARN = "arn:aws:iam::123456789012:user/bench";

    /** A measured target: a handler and how its event is prepared. */
    record Target(String name, String handlerClass, String backend, EventFactory events, List<FloorService> services) {
        /** A floor or handler that calls no AWS service, or whose calls are not compared with a per-service floor. */
        Target(String name, String handlerClass, String backend, EventFactory events) {
            this(name, handlerClass, backend, events, List.of());
        }
    }

    @FunctionalInterface
    interface EventFactory {
        String next(int sequence) throws IOException;
    }

    /** One measurement: elapsed ms, or the failure that stopped it (then it is not timed). */
    record Sample(long millis, String result, String failure, long cpuMillis) {
        Sample(long millis, String result, String failure) {
            this(millis, result, failure, -1);
        }
    }

    private final ClassPaths classPaths;
    private final Path work;
    private final int runs;
    private final boolean withCds;
    private final SandboxAdmin sandbox;
    private final Map<String, String> env;
    private final Workflow workflow;
    private final BenchImports imports;
    private final List<String> jvmFlags;
    private final String only;
    private final ChildJava childJava;

    private ColdStartBenchmark(
            ClassPaths classPaths,
            Path work,
            int runs,
            boolean withCds,
            SandboxAdmin sandbox,
            Map<String, String> env,
            Workflow workflow,
            BenchImports imports,
            List<String> jvmFlags,
            String only,
            ChildJava childJava) {
        this.childJava = childJava;
        this.withCds = withCds;
        this.jvmFlags = jvmFlags;
        this.only = only;
        this.classPaths = classPaths;
        this.work = work;
        this.runs = runs;
        this.sandbox = sandbox;
        this.env = env;
        this.workflow = workflow;
        this.imports = imports;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path packageDir = Path.of(options.getOrDefault("--package", "benchmarks/target/lambda-package"));
        Path functions = options.containsKey("--functions") ? Path.of(options.get("--functions")) : null;
        Path moto = Path.of(options.getOrDefault("--moto", ".venv/bin/moto_server"));
        Path work = Path.of(options.getOrDefault("--work", "benchmarks/target/coldstart"));
        int runs = Integer.parseInt(options.getOrDefault("--runs", "5"));
        boolean withCds = Boolean.parseBoolean(options.getOrDefault("--cds", "true"));
        List<String> jvmFlags = new ArrayList<>(JVM_FLAGS);
        String extra = options.getOrDefault("--jvm-extra", "").trim();
        if (!extra.isEmpty()) jvmFlags.addAll(List.of(extra.split("\\s+")));
        String only = options.getOrDefault("--only", "");
        ChildJava childJava = ChildJava.of(Path.of(options.getOrDefault("--java", LocalProcess.javaBinary())));
        Files.createDirectories(work.resolve("events"));
        Files.deleteIfExists(work.resolve("coldstart-launcher.jar"));
        Files.createDirectories(work.resolve("logs"));
        Files.deleteIfExists(work.resolve("logs/child-stdout.log"));
        Files.deleteIfExists(work.resolve("logs/child-stderr.log"));

        PackageSize size = PackageSize.of(packageDir);
        try (LocalProcess sandboxProcess = LocalProcess.sandbox(work.resolve("logs"));
                LocalProcess motoProcess = LocalProcess.moto(moto, work.resolve("logs"));
                PrintStream workflowLog = new PrintStream(
                        Files.newOutputStream(work.resolve("logs/prepare.log")), true, StandardCharsets.UTF_8)) {
            StructuredLog.redirect(workflowLog);
            Map<String, String> env = ColdStartBackends.deploy(motoProcess.endpoint(), sandboxProcess.endpoint());
            WorkflowConfig config = WorkflowConfig.fromEnvironment(env);
            AwsClients clients = new AwsClients(config, ColdStartBackends.LOCAL_CREDENTIALS);
            Workflow workflow = new Workflow(config, clients, Clock.systemUTC());
            BenchImports imports = new BenchImports(
                    workflow.store(), new ConnectionLocks(clients.dynamoDbSupplier(), config.tableName()));
            ColdStartBenchmark bench = new ColdStartBenchmark(
                    new ClassPaths(work, packageDir, functions),
                    work,
                    runs,
                    withCds,
                    new SandboxAdmin(sandboxProcess.endpoint()),
                    env,
                    workflow,
                    imports,
                    List.copyOf(jvmFlags),
                    only,
                    childJava);
            bench.run(size);
        }
    }

    private void run(PackageSize size) throws Exception {
        List<Target> handlers =
                handlers().stream().filter(t -> t.name().contains(only)).toList();
        List<Target> floors = new ArrayList<>(List.of(
                new Target("floor: bare handler (JVM start)", BareHandler.class.getName(), "none", s -> "{}"),
                new Target(
                        "floor: one DynamoDB client built",
                        SdkClientHandler.class.getName(),
                        "none (no call)",
                        s -> "{}")));
        // One per-service floor for each set of AWS services a measured handler calls.
        handlers.stream().map(Target::services).distinct().forEach(services -> floors.add(serviceFloor(services)));
        classPaths.assign(floors, handlers);
        List<Target> all = Stream.concat(floors.stream(), handlers.stream()).toList();
        // Training run for AppCDS: one JVM runs all six handlers once, and the archive is written at exit.
        Path archive = work.resolve("finport-package.jsa");
        Files.deleteIfExists(archive);
        List<String> training = new ArrayList<>();
        for (Target t : handlers) {
            training.add(t.handlerClass());
            training.add(eventFile(t, -1).toString());
        }
        List<String> trainingFlags = new ArrayList<>(jvmFlags);
        trainingFlags.add("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath());
        Sample trainingRun = withCds
                ? launch(trainingFlags, training, "training", classPaths.shared())
                : new Sample(-1, null, "not asked for: --cds false");
        boolean cds = trainingRun.failure() == null && Files.exists(archive);
        List<String> cdsFlags = new ArrayList<>(jvmFlags);
        cdsFlags.add("-XX:SharedArchiveFile=" + archive.toAbsolutePath());

        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Map<String, List<Sample>> cdsSamples = new LinkedHashMap<>();
        // With per-function packages the AppCDS rows compare on the shared package, with and without the archive.
        Map<String, List<Sample>> sharedSamples = classPaths.perFunction() ? new LinkedHashMap<>() : samples;
        for (int run = 0; run < runs; run++) {
            for (Target t : all) {
                // A fresh event per launch: a handler's work changes what the next event must be (an import it
                // records is finished for the next run).
                samples.computeIfAbsent(t.name(), k -> new ArrayList<>())
                        .add(launch(jvmFlags, args(t, run), t.name(), classPaths.of(t)));
                if (!cds) continue;
                if (classPaths.perFunction()) {
                    sharedSamples
                            .computeIfAbsent(t.name(), k -> new ArrayList<>())
                            .add(launch(jvmFlags, args(t, run), t.name() + " (shared package)", classPaths.shared()));
                }
                cdsSamples
                        .computeIfAbsent(t.name(), k -> new ArrayList<>())
                        .add(launch(cdsFlags, args(t, run), t.name() + " +CDS", classPaths.shared()));
            }
        }
        // One more JVM per row, not timed: how many classes it loads until the result (the log would slow it).
        Map<String, Long> classes = new LinkedHashMap<>();
        for (Target t : all) {
            classes.put(t.name(), loadedClasses(t, runs));
        }
        String runLine = "**Run:** " + LocalDate.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores ("
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "), " + childJava.describe()
                + ", JVM flags `" + String.join(" ", jvmFlags) + "`, "
                + runs + " fresh JVMs per row (median; min–max in brackets), "
                + (classPaths.perFunction()
                        ? "each handler on its own function's package as `sam build` lays it out (classes folder, then"
                                + " lib/*.jar with only its SDK modules, shrunk), each floor on the package of a handler"
                                + " that calls the same services (the SDK floors: "
                                + classPaths.packageName(floors.get(1)) + ")."
                        : "all on the shared package.");
        new ColdStartReport(floors, handlers, samples, classes, classPaths.perFunction())
                .print(runLine, size, cds ? cdsSamples : null, cds ? sharedSamples : null, archive, trainingRun);
    }

    /** Classes one fresh JVM loads until the handler's result (-Xlog:class+load), or -1 if it failed. */
    private long loadedClasses(Target target, int run) throws IOException, InterruptedException {
        String name = target.handlerClass().substring(target.handlerClass().lastIndexOf('.') + 1);
        Path log = work.resolve("logs/classes-" + name + ".log").toAbsolutePath();
        Files.deleteIfExists(log);
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add("-Xlog:class+load=info:file=" + log);
        Sample sample = launch(flags, args(target, run), name, classPaths.of(target));
        if (sample.failure() != null || !Files.exists(log)) return -1;
        try (Stream<String> lines = Files.lines(log)) {
            return lines.count();
        }
    }

    // ---- targets and their events -------------------------------------------------------------------------

    private List<Target> handlers() {
        String pkg = "io.finport.workflow.handler.";
        return List.of(
                new Target(
                        "ImportApiHandler (POST /imports)",
                        pkg + "ImportApiHandler",
                        "DynamoDB, Step Functions",
                        this::apiPost,
                        List.of(FloorService.DYNAMODB, FloorService.SFN)),
                new Target(
                        "StartImportHandler",
                        pkg + "StartImportHandler",
                        "DynamoDB, KMS, Secrets Manager, finAPI",
                        s -> task(prepared(s, 0), null),
                        List.of(FloorService.DYNAMODB, FloorService.KMS, FloorService.SECRETS_MANAGER)),
                new Target(
                        "CheckStatusHandler",
                        pkg + "CheckStatusHandler",
                        "DynamoDB, KMS, Secrets Manager, finAPI",
                        s -> task(prepared(s, 1), "\"attempt\":1"),
                        List.of(FloorService.DYNAMODB, FloorService.KMS, FloorService.SECRETS_MANAGER)),
                new Target(
                        "RecordOutcomeHandler",
                        pkg + "RecordOutcomeHandler",
                        "DynamoDB, KMS, Secrets Manager, finAPI, SNS",
                        s -> task(prepared(s, 2), "\"state\":\"READY\""),
                        List.of(
                                FloorService.DYNAMODB,
                                FloorService.KMS,
                                FloorService.SECRETS_MANAGER,
                                FloorService.SNS)),
                new Target(
                        "RecordFailureHandler",
                        pkg + "RecordFailureHandler",
                        "DynamoDB",
                        s -> task(
                                prepared(s, 1),
                                "\"error\":{\"Error\":\"io.finport.finapi.FinapiTransientException\","
                                        + "\"Cause\":\"{\\\"errorMessage\\\":\\\"finAPI answered 503\\\"}\"}"),
                        List.of(FloorService.DYNAMODB)),
                new Target(
                        "NotifyOutcomeHandler",
                        pkg + "NotifyOutcomeHandler",
                        "DynamoDB, SNS",
                        s -> task(prepared(s, 3), null),
                        List.of(FloorService.DYNAMODB, FloorService.SNS)));
    }

    /** The launcher's arguments for one run of the target: its handler and a freshly prepared event. */
    private List<String> args(Target target, int run) throws IOException {
        return List.of(target.handlerClass(), eventFile(target, run).toString());
    }

    /** The per-service floor of these services: a first call to each, nothing else ({@link SdkCallsHandler}). */
    static Target serviceFloor(List<FloorService> services) {
        String names =
                String.join(", ", services.stream().map(FloorService::label).toList());
        String event = "{\"services\":["
                + String.join(
                        ",", services.stream().map(FloorService::eventName).toList()) + "]}";
        return new Target(
                "floor: first call to " + names, SdkCallsHandler.class.getName(), names, s -> event, services);
    }

    private Path eventFile(Target target, int run) throws IOException {
        // Several floors share a handler class: the row's name keeps their events apart.
        String name = target.handlerClass().substring(target.handlerClass().lastIndexOf('.') + 1) + "-"
                + Integer.toHexString(target.name().hashCode());
        Path file = work.resolve("events").resolve(name + "-" + (run < 0 ? "training" : "run" + run) + ".json");
        Files.writeString(file, target.events().next(run));
        return file;
    }

    /**
     * A new UPDATE import of a fresh sandbox connection (2 accounts, READY at the first check), moved forward by the
     * real service: 0 = pending, 1 = started, 2 = started and checked (READY), 3 = outcome recorded.
     */
    private String prepared(int sequence, int steps) throws IOException {
        SandboxAdmin.Registered scenario = sandbox.register(SandboxAdmin.updateScenario("coldstart", 2, "UPDATED"));
        String importId = imports.createUpdate(USER, scenario.bankConnectionId());
        if (steps >= 1) workflow.imports().start(importId);
        if (steps >= 2) workflow.imports().check(importId, 1);
        if (steps >= 3) workflow.imports().recordOutcome(importId, PollLoopState.READY);
        return importId;
    }

    private static String task(String importId, String extra) {
        return "{\"importId\":\"" + importId + "\",\"executionName\":\"" + importId + "\""
                + (extra == null ? "" : "," + extra) + "}";
    }

    private String apiPost(int sequence) {
        String key = "coldstart-" + Long.toString(System.nanoTime(), 36);
        String body = "{\"type\":\"IMPORT\",\"userReference\":\"" + USER + "\",\"bankId\":280001}";
        return "{\"resource\":\"/imports\",\"path\":\"/imports\",\"httpMethod\":\"POST\","
                + "\"headers\":{\"Content-Type\":\"application/json\",\"Idempotency-Key\":\"" + key + "\"},"
                + "\"pathParameters\":null,\"requestContext\":{\"stage\":\"v1\",\"identity\":{\"userArn\":\""
                + CALLER_ARN + "\"}},"
                + "\"body\":" + MAPPER.valueToTree(body) + ",\"isBase64Encoded\":false}";
    }

    // ---- one fresh JVM ------------------------------------------------------------------------------------

    private Sample launch(List<String> jvmFlags, List<String> launcherArgs, String label, String classpath)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(childJava.binary().toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classpath);
        command.add(ColdStartLauncher.class.getName());
        command.addAll(launcherArgs);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.redirectError(ProcessBuilder.Redirect.appendTo(
                work.resolve("logs/child-stderr.log").toFile()));
        long started = System.currentTimeMillis();
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Sample(-1, null, "no result within 60 s");
        }
        String stdout = new String(out, StandardCharsets.UTF_8);
        Files.writeString(
                work.resolve("logs/child-stdout.log"),
                "### " + label + "\n" + stdout,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return parse(stdout, started);
    }

    static Sample parse(String stdout, long startedMillis) {
        Sample last = new Sample(-1, null, "no result line");
        for (String line : stdout.split("\n")) {
            if (line.startsWith(ColdStartLauncher.ERROR + " ")) {
                String[] parts = line.trim().split(" ");
                return new Sample(-1, null, parts[parts.length - 1]);
            }
            if (line.startsWith(ColdStartLauncher.RESULT + " ")) {
                String[] parts = line.trim().split(" ");
                String output = parts.length > 3
                        ? new String(Base64.getDecoder().decode(parts[3]), StandardCharsets.UTF_8)
                        : "";
                long cpu = parts.length > 4 ? Long.parseLong(parts[4]) : -1;
                last = new Sample(Long.parseLong(parts[2]) - startedMillis, summarize(output), null, cpu);
            }
        }
        return last;
    }

    /** What the handler answered, in a word: HTTP status, poll state, outcome or "published". */
    static String summarize(String output) {
        try {
            JsonNode json = MAPPER.readTree(output);
            if (json.has("statusCode")) return "HTTP " + json.get("statusCode").asText();
            if (json.has("state")) return json.get("state").asText();
            if (json.has("outcome")) return json.get("outcome").asText();
            if (json.has("messageId"))
                return json.path("alreadyNotified").asBoolean() ? "already notified" : "published";
            if (json.has("client")) return "client built";
            if (json.has("called")) return "called";
            return json.isEmpty() ? "returned" : "answered";
        } catch (IOException e) {
            return "unreadable output";
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i], args[i + 1]);
        return options;
    }
}
