package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.sandbox.ScenarioFile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The main job: runs one scenario through the whole local stack and prints live progress and a summary.
 * <pre>
 *   ./run-local                         realistic update with two accounts (scenarios/update-two-accounts.json)
 *   ./run-local --scenario FILE         any scenario
 *   ./run-local --json                  final import record (as GET /imports/{id} returns it) on stdout
 *   ./run-local --serve [--port 8080]   keep the local API up for curl
 *   ./run-local --backend localstack    the same against the stack deployed on LocalStack (scripts/localstack), which
 *                                       the run-local script starts and deploys; FINPORT_STACK_NAME, AWS_ENDPOINT_URL
 *                                       and FINPORT_SANDBOX_PORT name it
 *   ./run-local --refresh [--scenario FILE]   one refresh run over generated connections
 * </pre>
 */
public final class RunLocal {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Path root = LocalStack.repoRoot();
        Path scenario = root.resolve("scenarios/update-two-accounts.json");
        boolean json = false;
        boolean serve = false;
        boolean categorization = false;
        boolean refresh = false;
        int maxConcurrency = 0;
        int port = 8080;
        Backend backend = Backend.MOTO;
        String licence = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scenario" -> scenario = Path.of(args[++i]).toAbsolutePath();
                case "--json" -> json = true;
                case "--serve" -> serve = true;
                case "--port" -> port = positiveInt(args, ++i, "--port");
                case "--wait-for-categorization" -> categorization = true;
                case "--backend" ->
                    backend = Backend.named(i + 1 < args.length ? args[++i] : "")
                            .orElseGet(() -> {
                                System.err.println("--backend must be moto or localstack");
                                System.exit(2);
                                return null;
                            });
                case "--refresh" -> {
                    refresh = true;
                    if (scenario.endsWith("update-two-accounts.json"))
                        scenario = root.resolve("scenarios/refresh/refresh-mixed.json");
                }
                case "--max-concurrency" -> maxConcurrency = positiveInt(args, ++i, "--max-concurrency");
                case "--licence" -> {
                    licence = i + 1 < args.length ? args[++i] : "";
                    if (!licence.equals(LicenceMode.LICENSED) && !licence.equals(LicenceMode.UNLICENSED)) {
                        System.err.println("run-local: --licence must be UNLICENSED or LICENSED");
                        System.exit(2);
                    }
                }
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    usage(System.err);
                    System.exit(2);
                }
            }
        }
        PrintStream progress = json ? System.err : System.out;
        if (!serve && !Files.isRegularFile(scenario)) {
            System.err.println("no scenario file " + scenario);
            System.exit(2);
        }
        // The scenario is checked before anything starts: a broken file is one line and exit code 2.
        ScenarioFile file = null;
        if (!serve && !refresh) { // a refresh file has its own format (RefreshCommand checks it)
            try {
                file = ScenarioFile.read(scenario);
            } catch (RuntimeException e) {
                System.err.println("run-local: " + ScenarioFile.problem(scenario, e));
                System.exit(2);
            }
        }
        JsonNode scenarioJson =
                serve ? null : refresh ? MAPPER.readTree(scenario.toFile()) : MAPPER.readTree(file.json());
        boolean waitForCategorization = categorization
                || (scenarioJson != null
                        && scenarioJson.path("bankConnection").has("categorization")
                        && scenarioJson
                                .path("expect")
                                .path("warnings")
                                .toString()
                                .contains("CATEGORIZATION_PENDING"));
        LocalStack.Options options = LocalStack.Options.defaults(root)
                .withWaitForCategorization(waitForCategorization)
                .withApiPort(serve ? port : 0)
                // Refresh scenarios describe Access's update (LICENSED), like the UPDATE scenarios without a task.
                .withMandatorLicence(
                        licence != null
                                ? licence
                                : refresh
                                        ? LicenceMode.LICENSED
                                        : scenarioJson != null
                                                ? LicenceMode.forScenario(scenarioJson)
                                                : LicenceMode.UNLICENSED);
        if (backend == Backend.LOCALSTACK && maxConcurrency > 0) {
            System.err.println("--max-concurrency sets the local handlers' bound; on LocalStack it is the stack's: "
                    + "scripts/localstack deploy --parameter RefreshMaxConcurrency=N");
            System.exit(2);
        }
        if (backend == Backend.LOCALSTACK && waitForCategorization) {
            System.err.println("this scenario needs a stack deployed with WaitForCategorization=true: "
                    + "scripts/localstack deploy --parameter WaitForCategorization=true");
            System.exit(2);
        }
        Instant started = Instant.now();
        boolean unfinished = false;
        progress.println(backend.starting());
        try (LocalStack stack = backend.open(root, options)) {
            progress.printf(
                    "%s in %.1f s: API %s, %s, sandbox %s, licence mode %s%n",
                    backend.ready(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0,
                    stack.apiUrl(),
                    backend.endpoint(stack),
                    stack.sandbox().baseUrl(),
                    stack.options().mandatorLicence());
            if (serve) {
                serve(stack, progress);
                return;
            }
            if (refresh && !LicenceMode.LICENSED.equals(stack.options().mandatorLicence())) {
                // Its plan follows Access's update; without the licence every update is a task, with other outcomes.
                System.err.println("run-local: a refresh scenario needs a stack deployed with FinapiMandatorLicence="
                        + "LICENSED (./run-local --backend localstack --redeploy --refresh deploys one)");
                System.exit(2);
            }
            if (refresh) {
                if (maxConcurrency > 0)
                    stack.reconfigureRefresh(stack.refreshSettings().withMaxConcurrency(maxConcurrency));
                if (!RefreshCommand.run(stack, scenario, progress, json)) System.exit(1);
                return;
            }
            String description = scenarioJson.path("description").asText("");
            progress.println("Scenario: " + file.name() + (description.isEmpty() ? "" : " - " + description));
            ProgressPrinter printer = new ProgressPrinter(progress);
            ScenarioRun.Result result;
            try {
                result = new ScenarioRun(stack).run(file, Duration.ofMinutes(2), printer::update);
            } catch (IllegalStateException e) {
                // e.g. the import was never recorded and notified: one line, then exit non-zero after closing down
                System.err.println("run-local: " + e.getMessage());
                unfinished = true;
                result = null;
            }
            if (result != null && json) {
                System.out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.finalRecord()));
            } else if (result != null) {
                ScenarioSummary.print(progress, result, stack);
            }
        }
        if (unfinished) System.exit(1);
    }

    /** A flag's whole-number value; anything else is one line and exit code 2. */
    private static int positiveInt(String[] args, int index, String flag) {
        String value = index < args.length ? args[index] : "";
        try {
            int n = Integer.parseInt(value);
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("run-local: " + flag + " needs a positive whole number, not '" + value + "'");
        System.exit(2);
        return 0;
    }

    private static void serve(LocalStack stack, PrintStream out) throws InterruptedException {
        out.println();
        out.println("Local API ready. Register a scenario in the sandbox, then start an import:");
        out.println("  curl -s -X POST " + stack.sandbox().baseUrl().resolve("/sandbox/scenarios")
                + " --data @scenarios/update-two-accounts.json");
        out.println("  curl -s -X POST " + stack.apiUrl()
                + "/imports -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-1' \\");
        out.println(
                "       -d '{\"type\":\"UPDATE\",\"userReference\":\"user-42\",\"bankConnectionId\":<bankConnectionId>}'");
        out.println("  curl -s " + stack.apiUrl() + "/imports/<importId>");
        out.println("Press Ctrl-C to stop.");
        new CountDownLatch(1).await();
    }

    private static void usage(PrintStream out) {
        out.println("usage: ./run-local [--backend moto|localstack] [--scenario FILE] [--json] [--serve [--port N]] "
                + "[--wait-for-categorization] [--licence UNLICENSED|LICENSED]");
        out.println("  --licence: the deployment's FinapiMandatorLicence (moto backend); default from the scenario (a"
                + " \"task\" block: UNLICENSED, another UPDATE: LICENSED, IMPORT/TRACK: UNLICENSED)");
        out.println(
                "       ./run-local --refresh [--scenario FILE] [--max-concurrency N] [--json]   (default scenarios/refresh/refresh-mixed.json)");
    }
}
