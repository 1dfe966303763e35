package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone sandbox (scripts/sandbox) on a broken scenario file: one line, exit code 2, nothing started. */
class ScenarioFileCliTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String stdout, String stderr) {}

    private Run sandboxMain(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), SandboxMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile())
                .start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly(); // never leave a started sandbox behind
        }
        assertThat(ended).as("the sandbox must stop on a broken scenario").isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void brokenScenario_printsOneLineNamingFileAndField_andExits2() throws Exception {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"type\":\"UPDATE\",\"accounts\":[{\"status\":\"UPDATED\",\"balance\":\"lots\"}]}");

        Run run = sandboxMain("--port", "0", "--scenario", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines()).hasSize(1);
        assertThat(run.stderr())
                .contains("broken.json")
                .contains("accounts[0].balance")
                .doesNotContain("Exception");
        assertThat(run.stdout()).doesNotContain("listening");
    }

    @Test
    void invalidJson_isOneLineToo() throws Exception {
        Path bad = dir.resolve("not-json.json");
        Files.writeString(bad, "{\"type\": ");

        Run run = sandboxMain("--scenario", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr().strip().lines()).hasSize(1);
        assertThat(run.stderr())
                .contains("not-json.json")
                .contains("$: not valid JSON")
                .doesNotContain("\tat ");
    }

    @Test
    void scenarioFile_withoutName_isNamedAfterTheFile() throws Exception {
        Path file = dir.resolve("minimal-update.json");
        Files.writeString(file, "{\"type\":\"UPDATE\",\"accounts\":[{\"status\":\"UPDATED\"}]}");

        assertThat(ScenarioFile.read(file).name()).isEqualTo("minimal-update");
        assertThat(new File(file.toString()).exists()).isTrue();
    }
}
