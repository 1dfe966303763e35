package io.finport.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartBenchmarkTest {

    @Test
    void parse_whenResultLineAmongLogs_returnsElapsedSinceStartAndSummary() {
        String output = Base64.getEncoder()
                .encodeToString("{\"state\":\"WAITING\",\"attempt\":0}".getBytes(StandardCharsets.UTF_8));
        String stdout =
                "{\"level\":\"INFO\",\"message\":\"x\"}\n" + ColdStartLauncher.RESULT + " 0 1500 " + output + "\n";

        ColdStartBenchmark.Sample sample = ColdStartBenchmark.parse(stdout, 1000);

        assertThat(sample.millis()).isEqualTo(500);
        assertThat(sample.result()).isEqualTo("WAITING");
        assertThat(sample.failure()).isNull();
    }

    @Test
    void parse_whenTheLauncherReportsItsCpuTime_keepsItBesideTheElapsedTime() {
        String output = Base64.getEncoder().encodeToString("{}".getBytes(StandardCharsets.UTF_8));

        ColdStartBenchmark.Sample with =
                ColdStartBenchmark.parse(ColdStartLauncher.RESULT + " 0 1500 " + output + " 730\n", 1000);
        ColdStartBenchmark.Sample without =
                ColdStartBenchmark.parse(ColdStartLauncher.RESULT + " 0 1500 " + output + "\n", 1000);

        assertThat(with.cpuMillis()).isEqualTo(730);
        assertThat(with.millis()).isEqualTo(500);
        assertThat(without.cpuMillis()).isNegative();
    }

    @Test
    void parse_whenErrorLine_reportsTheFailureAndNoTime() {
        ColdStartBenchmark.Sample sample = ColdStartBenchmark.parse(
                ColdStartLauncher.ERROR + " 0 io.finport.workflow.store.StoreUnavailableException\n", 1000);

        assertThat(sample.failure()).isEqualTo("io.finport.workflow.store.StoreUnavailableException");
        assertThat(sample.millis()).isNegative();
    }

    @Test
    void serviceFloor_namesItsServicesAndAsksItsHandlerForExactlyThose() throws IOException {
        ColdStartBenchmark.Target floor = ColdStartBenchmark.serviceFloor(
                List.of(FloorService.DYNAMODB, FloorService.KMS, FloorService.SECRETS_MANAGER));

        String event = floor.events().next(0);

        assertThat(floor.name()).isEqualTo("floor: first call to DynamoDB, KMS, Secrets Manager");
        assertThat(floor.handlerClass()).isEqualTo(SdkCallsHandler.class.getName());
        for (FloorService service : FloorService.values()) {
            assertThat(event.contains(service.eventName()))
                    .as(service.name())
                    .isEqualTo(floor.services().contains(service));
        }
    }

    @Test
    void classPaths_runEachHandlerOnItsFunctionsPackage_andEachFloorOnAHandlersWithTheSameServices(@TempDir Path dir)
            throws IOException {
        for (String fn : List.of("RecordFailureFunction", "StartImportFunction")) {
            Files.createDirectories(dir.resolve("functions").resolve(fn).resolve("lib"));
            Files.writeString(
                    dir.resolve("functions").resolve(fn).resolve("lib").resolve("a.jar"), "");
        }
        Files.createDirectories(dir.resolve("shared"));
        ColdStartBenchmark.Target failure = new ColdStartBenchmark.Target(
                "failure",
                "io.finport.workflow.handler.RecordFailureHandler",
                "DynamoDB",
                s -> "{}",
                List.of(FloorService.DYNAMODB));
        ColdStartBenchmark.Target start = new ColdStartBenchmark.Target(
                "start",
                "io.finport.workflow.handler.StartImportHandler",
                "DynamoDB, KMS",
                s -> "{}",
                List.of(FloorService.DYNAMODB, FloorService.KMS));
        ColdStartBenchmark.Target sdkFloor =
                new ColdStartBenchmark.Target("floor: client", SdkClientHandler.class.getName(), "none", s -> "{}");
        ColdStartBenchmark.Target startFloor = ColdStartBenchmark.serviceFloor(start.services());
        ClassPaths paths = new ClassPaths(dir, dir.resolve("shared"), dir.resolve("functions"));

        paths.assign(List.of(sdkFloor, startFloor), List.of(start, failure));

        assertThat(paths.packageName(start)).isEqualTo("StartImportFunction");
        assertThat(paths.packageName(startFloor)).isEqualTo("StartImportFunction");
        assertThat(paths.packageName(sdkFloor))
                .as("the package of the handler calling the fewest services")
                .isEqualTo("RecordFailureFunction");
        String[] entries = paths.of(start).split(":");
        assertThat(entries[0]).endsWith("coldstart-launcher.jar");
        assertThat(entries[1]).endsWith("StartImportFunction");
        assertThat(entries[2]).endsWith("StartImportFunction/lib/a.jar");
        assertThat(ClassPaths.functionOf("io.finport.workflow.handler.NotifyOutcomeHandler"))
                .isEqualTo("NotifyOutcomeFunction");
    }

    @Test
    void parse_whenNoResultLine_isAFailure() {
        assertThat(ColdStartBenchmark.parse("killed\n", 0).failure()).isEqualTo("no result line");
    }

    @Test
    void summarize_whenKnownShapes_namesWhatTheHandlerAnswered() {
        assertThat(ColdStartBenchmark.summarize("{\"statusCode\":202,\"body\":\"{}\"}"))
                .isEqualTo("HTTP 202");
        assertThat(ColdStartBenchmark.summarize("{\"outcome\":\"SUCCEEDED\",\"unexpected\":false}"))
                .isEqualTo("SUCCEEDED");
        assertThat(ColdStartBenchmark.summarize("{\"messageId\":\"m\",\"alreadyNotified\":false}"))
                .isEqualTo("published");
        assertThat(ColdStartBenchmark.summarize("{}")).isEqualTo("returned");
        assertThat(ColdStartBenchmark.summarize("not json")).isEqualTo("unreadable output");
    }

    @Test
    void packageSize_whenFolderOfJars_sumsOnlyTheJars(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("b.jar"), new byte[300]);
        Files.write(dir.resolve("a.jar"), new byte[200]);
        Files.write(dir.resolve("notes.txt"), new byte[1000]);

        PackageSize size = PackageSize.of(dir);

        assertThat(size.totalBytes()).isEqualTo(500);
        assertThat(size.jars()).extracting(PackageSize.Jar::name).containsExactly("a.jar", "b.jar");
    }

    @Test
    void deflatedSize_whenRepetitiveFile_isSmallerThanTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("archive.jsa");
        Files.write(file, new byte[100_000]);

        assertThat(ColdStartReport.deflatedSize(file)).isPositive().isLessThan(10_000);
    }
}
