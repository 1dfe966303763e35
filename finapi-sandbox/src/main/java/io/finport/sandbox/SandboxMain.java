package io.finport.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox as a standalone server:
 * {@code java -cp ... io.finport.sandbox.SandboxMain --port 8090 --scenario scenarios/update-two-accounts.json}.
 */
public final class SandboxMain {
    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        SandboxOptions options = SandboxOptions.defaults().withHost("0.0.0.0").withPort(8090);
        List<Path> scenarioFiles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                usage();
                return;
            }
            if (i + 1 >= args.length) {
                fail("missing value for " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--port" -> options = options.withPort(intArgument(arg, value));
                case "--host" -> options = options.withHost(value);
                case "--client-id" -> options = options.withClient(value, options.clientSecret());
                case "--client-secret" -> options = options.withClient(options.clientId(), value);
                case "--token-lifetime-seconds" ->
                    options = options.withTokenLifetime(Duration.ofSeconds(intArgument(arg, value)));
                case "--scenario" -> scenarioFiles.add(Path.of(value));
                default -> fail("unknown option " + arg);
            }
        }
        // Every file is checked before the server starts: a broken one stops here with one line and exit code 2.
        List<ScenarioFile> scenarios = new ArrayList<>();
        for (Path file : scenarioFiles) {
            try {
                scenarios.add(ScenarioFile.read(file));
            } catch (RuntimeException e) {
                fail(ScenarioFile.problem(file, e));
            }
        }
        FinapiSandbox sandbox = FinapiSandbox.start(options);
        for (ScenarioFile file : scenarios) {
            RegisteredScenario s = sandbox.register(file.json(), file.name());
            System.out.println("registered " + describe(s));
        }
        System.out.println("finAPI sandbox listening on " + sandbox.baseUrl() + " (client id " + options.clientId()
                + "); admin API under " + sandbox.baseUrl() + "/sandbox");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    static String describe(RegisteredScenario s) {
        List<Long> ids = s.accountIds();
        String accounts = ids.size() <= 20
                ? ids.toString()
                : ids.subList(0, 10) + " ... (" + ids.size() + " accounts, last " + ids.getLast() + ")";
        return "scenario " + s.scenarioId() + " '" + s.name() + "' type=" + s.type() + " bankId=" + s.bankId()
                + " bankConnectionId=" + s.bankConnectionId() + " accountIds=" + accounts;
    }

    private static void usage() {
        System.out.println("""
        usage: SandboxMain [--port 8090] [--host 0.0.0.0] [--client-id ID] [--client-secret SECRET]
                           [--token-lifetime-seconds 3600] [--scenario FILE]...""");
    }

    private static int intArgument(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            fail(option + " must be a number");
            return 0;
        }
    }

    private static void fail(String message) {
        System.err.println("finapi-sandbox: " + message);
        System.exit(2);
    }
}
