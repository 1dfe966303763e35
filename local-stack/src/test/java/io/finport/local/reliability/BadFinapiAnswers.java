package io.finport.local.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * finAPI answers the sandbox's reference client (finapi-sandbox ScenarioFilesTest, which every file in scenarios/ must
 * pass) is not built to survive: malformed JSON, missing fields, unknown updateStatus values, HTML error pages until
 * retries are exhausted. They live in src/test/resources/fault-scenarios/ (same format as the scenario files, see
 * finapi-sandbox/README.md) and are registered directly by {@link FinapiFaultsAndLimitsTest}.
 */
final class BadFinapiAnswers {
    private BadFinapiAnswers() {}

    /** Scenario name → scenario JSON. */
    static final Map<String, String> SCENARIOS = load();

    private static Map<String, String> load() {
        Path folder = Reliability.repoRoot().resolve("local-stack/src/test/resources/fault-scenarios");
        Map<String, String> scenarios = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                scenarios.put(file.getFileName().toString().replace(".json", ""), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (scenarios.isEmpty()) throw new IllegalStateException("no fault scenarios in " + folder);
        return scenarios;
    }
}
