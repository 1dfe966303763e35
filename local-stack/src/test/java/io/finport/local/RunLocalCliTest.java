package io.finport.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./run-local} on a broken scenario file or a bad flag: one line, exit code 2, nothing started. */
class RunLocalCliTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String stdout, String stderr) {}

    private Run runLocal(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), RunLocal.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .start();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly(); // it started the stack: that is the failure this test looks for
        }
        assertThat(ended).as("run-local must stop before starting anything").isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void brokenScenario_isOneLineNamingFileAndField_exit2_andNothingStarts() throws Exception {
        Path bad = dir.resolve("bad-task.json");
        Files.writeString(
                bad, "{\"type\":\"UPDATE\",\"accounts\":[{\"status\":\"UPDATED\"}],\"task\":{\"status\":\"DONE\"}}");

        Run run = runLocal("--scenario", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines()).hasSize(1);
        assertThat(run.stderr())
                .contains("bad-task.json")
                .contains("task.status")
                .doesNotContain("Exception");
        assertThat(run.stdout()).doesNotContain("Starting the local stack");
    }

    @Test
    void unknownLicence_isExit2() throws Exception {
        Run run = runLocal("--licence", "SOMETIMES");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--licence must be UNLICENSED or LICENSED");
    }

    @Test
    void maxConcurrencyThatIsNoPositiveNumber_isOneLineNamingTheFlag_exit2() throws Exception {
        for (String[] args : List.of(
                new String[] {"--refresh", "--max-concurrency", "many"},
                new String[] {"--refresh", "--max-concurrency", "0"},
                new String[] {"--refresh", "--max-concurrency"})) {
            Run run = runLocal(args);

            assertThat(run.exitCode())
                    .as(String.join(" ", args) + ": " + run.stderr())
                    .isEqualTo(2);
            assertThat(run.stderr().strip().lines()).hasSize(1);
            assertThat(run.stderr()).contains("--max-concurrency").doesNotContain("Exception");
        }
    }

    @Test
    void maxConcurrencyOnLocalStack_namesTheDeployParameter_exit2() throws Exception {
        Run run = runLocal("--backend", "localstack", "--refresh", "--max-concurrency", "4");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("RefreshMaxConcurrency");
    }
}
