package io.finport.bench.coldstart;

import static io.finport.bench.Stats.fmt;
import static io.finport.bench.Stats.mb;
import static io.finport.bench.Stats.median;

import io.finport.bench.coldstart.ColdStartBenchmark.Sample;
import io.finport.bench.coldstart.ColdStartBenchmark.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** The cold-start benchmark's Markdown: the timed table with verdicts, CPU times, class counts, package and AppCDS. */
final class ColdStartReport {
    private final List<Target> floors;
    private final List<Target> handlers;
    private final Map<String, List<Sample>> samples;
    private final Map<String, Long> classes;
    private final boolean perFunction;

    /** @param perFunction whether the timed table ran on the per-function packages (else on the shared one) */
    ColdStartReport(
            List<Target> floors,
            List<Target> handlers,
            Map<String, List<Sample>> samples,
            Map<String, Long> classes,
            boolean perFunction) {
        this.floors = floors;
        this.handlers = handlers;
        this.samples = samples;
        this.classes = classes;
        this.perFunction = perFunction;
    }

    /**
     * @param cdsSamples the runs with the AppCDS archive (null: none), on the shared package
     * @param sharedSamples the same runs without it, on the shared package (the timed table's, when it ran there too)
     */
    void print(
            String runLine,
            PackageSize size,
            Map<String, List<Sample>> cdsSamples,
            Map<String, List<Sample>> sharedSamples,
            Path archive,
            Sample trainingRun)
            throws IOException {
        double bare = medianMillis(samples.get(floors.get(0).name()));
        double sdk = medianMillis(samples.get(floors.get(1).name()));
        System.out.println(runLine);
        System.out.println();
        System.out.println(
                "| handler | backend met | result | process start → result, ms | × bare floor | × SDK floor | × first-call floor of its AWS services | within 1.5× SDK floor (stretch 1.3×) |");
        System.out.println("|---|---|---|---:|---:|---:|---:|---|");
        for (Target t : Stream.concat(floors.stream(), handlers.stream()).toList()) {
            List<Sample> list = samples.get(t.name());
            String failure = failure(list);
            if (failure != null) {
                System.out.println("| " + t.name() + " | " + t.backend() + " | **failed: " + failure
                        + "** (not timed) | – | – | – | – | – |");
                continue;
            }
            double m = medianMillis(list);
            boolean floor = floors.contains(t);
            System.out.println("| " + t.name() + " | " + t.backend() + " | "
                    + list.get(0).result() + " | "
                    + fmt(m, 0) + " (" + range(list) + ") | " + fmt(m / bare, 2) + " | " + fmt(m / sdk, 2) + " | "
                    + (floor
                            ? "–"
                            : serviceFloorRatio(t).stream()
                                    .mapToObj(r -> fmt(r, 2))
                                    .findFirst()
                                    .orElse("–")) + " | "
                    + (floor ? "–" : m <= 1.3 * sdk ? "yes (1.3× too)" : m <= 1.5 * sdk ? "yes" : "**no**") + " |");
        }
        printServiceFloors(sdk);
        printCpu();
        printClasses();
        double[] handlerMedians = handlers.stream()
                .filter(t -> failure(samples.get(t.name())) == null)
                .mapToDouble(t -> medianMillis(samples.get(t.name())))
                .toArray();
        if (handlerMedians.length > 0) {
            double low = Arrays.stream(handlerMedians).min().orElseThrow();
            double high = Arrays.stream(handlerMedians).max().orElseThrow();
            System.out.println();
            System.out.println(
                    "<!-- readme: cold start to first result, fresh JVM, moto backend | " + fmt(low / 1000, 1)
                            + "-" + fmt(high / 1000, 1) + " s (" + fmt(low / sdk, 1) + "-" + fmt(high / sdk, 1)
                            + "× the cost of building one SDK client), run " + LocalDate.now() + " -->");
        }
        System.out.println();
        System.out.println("The shared package (the import-workflow jar and every runtime dependency, all SDK "
                + "modules unshrunk: an upper bound that no function ships; each function's package holds only its own "
                + "SDK modules, shrunk, and its size and verdict are in Deployment packages), which the AppCDS rows "
                + "run on" + (perFunction ? "" : " and so does the table above") + ": **"
                + mb(size.totalBytes()) + " MB** in "
                + size.jars().size() + " jars. Largest:");
        System.out.println();
        System.out.println("| jar | MB |");
        System.out.println("|---|---:|");
        size.jars().stream()
                .sorted(Comparator.comparingLong(PackageSize.Jar::bytes).reversed())
                .limit(8)
                .forEach(j -> System.out.println("| " + j.name() + " | " + fmt(j.bytes() / 1_048_576.0, 2) + " |"));
        System.out.println();
        if (cdsSamples == null) {
            System.out.println(
                    "AppCDS: nothing measured, the training run did not run through (" + trainingRun.failure() + ").");
            return;
        }
        long archiveBytes = Files.size(archive);
        System.out.println(
                "AppCDS: one dynamic archive (`-XX:ArchiveClassesAtExit`) written by a training JVM that ran "
                        + "all six handlers once; every row below runs on the shared package (an archive accepts no "
                        + "classes folder on the class path, so not on a function's package as `sam build` lays it out), "
                        + "without and with `-XX:SharedArchiveFile`. "
                        + "Archive " + mb(archiveBytes) + " MB (" + mb(deflatedSize(archive))
                        + " MB deflated, as it would add "
                        + "to the zip).");
        System.out.println();
        System.out.println(
                "| handler | without CDS archive, ms | with it, ms | saved | × bare floor (without CDS) | × SDK floor (without CDS) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        double bareShared = medianMillis(sharedSamples.get(floors.get(0).name()));
        double sdkShared = medianMillis(sharedSamples.get(floors.get(1).name()));
        for (Target t : Stream.concat(floors.stream(), handlers.stream()).toList()) {
            List<Sample> with = cdsSamples.get(t.name());
            List<Sample> without = sharedSamples.get(t.name());
            if (failure(with) != null || failure(without) != null) {
                System.out.println("| " + t.name() + " | – | **failed: " + failure(with) + "** | – | – | – |");
                continue;
            }
            double a = medianMillis(without);
            double b = medianMillis(with);
            System.out.println("| " + t.name() + " | " + fmt(a, 0) + " | " + fmt(b, 0) + " (" + range(with) + ") | "
                    + fmt(100 * (a - b) / a, 0) + "% | " + fmt(b / bareShared, 2) + " | " + fmt(b / sdkShared, 2)
                    + " |");
        }
    }

    /** The handler's median time × its per-service floor's (the same AWS services, one first call each, nothing else). */
    private OptionalDouble serviceFloorRatio(Target handler) {
        List<Sample> own = samples.get(handler.name());
        if (failure(own) != null) return OptionalDouble.empty();
        return floors.stream()
                .filter(f -> !f.services().isEmpty() && f.services().equals(handler.services()))
                .map(f -> samples.get(f.name()))
                .filter(list -> failure(list) == null)
                .mapToDouble(list -> medianMillis(own) / medianMillis(list))
                .findFirst();
    }

    /** What the per-service floors alone take of the target, and what the handlers take beyond them. */
    private void printServiceFloors(double sdk) {
        double[] floorRatios = floors.stream()
                .filter(f -> !f.services().isEmpty() && failure(samples.get(f.name())) == null)
                .mapToDouble(f -> medianMillis(samples.get(f.name())) / sdk)
                .toArray();
        double[] beyond = handlers.stream()
                .map(this::serviceFloorRatio)
                .filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble)
                .toArray();
        if (floorRatios.length == 0 || beyond.length == 0) return;
        long overTarget = Arrays.stream(floorRatios).filter(r -> r > 1.5).count();
        System.out.println();
        System.out.println("Per-service floors (a first call to each AWS service a handler calls, the same operations"
                + " where they change nothing, and nothing else): "
                + fmt(Arrays.stream(floorRatios).min().orElseThrow(), 2)
                + "–" + fmt(Arrays.stream(floorRatios).max().orElseThrow(), 2) + "× the SDK floor by themselves ("
                + overTarget + " of " + floorRatios.length
                + " above 1.5× before any code of ours runs); the handlers take "
                + fmt(Arrays.stream(beyond).min().orElseThrow(), 2) + "–"
                + fmt(Arrays.stream(beyond).max().orElseThrow(), 2)
                + "× their per-service floor (finAPI, each service's further operations, the workflow's own code).");
    }

    /** The children's own CPU time (user + system, all threads) until the result: the same work, less load noise. */
    private void printCpu() {
        List<Sample> sdkFloor = samples.get(floors.get(1).name());
        if (failure(sdkFloor) != null || sdkFloor.stream().anyMatch(s -> s.cpuMillis() < 0)) return;
        double sdk = median(sdkFloor.stream().map(Sample::cpuMillis).toList());
        StringBuilder line = new StringBuilder("Process CPU time (user + system, all threads) until the result, median"
                + " ms and × the SDK floor's " + fmt(sdk, 0) + " ms: ");
        List<String> parts = new ArrayList<>();
        for (Target t : handlers) {
            List<Sample> list = samples.get(t.name());
            if (failure(list) != null) continue;
            double cpu = median(list.stream().map(Sample::cpuMillis).toList());
            parts.add(t.handlerClass().substring(t.handlerClass().lastIndexOf('.') + 1) + " " + fmt(cpu, 0) + " ("
                    + fmt(cpu / sdk, 2) + "×)");
        }
        System.out.println();
        System.out.println(line.append(String.join(", ", parts)).append('.'));
    }

    private static String failure(List<Sample> list) {
        return list.stream()
                .map(Sample::failure)
                .filter(f -> f != null)
                .findFirst()
                .orElse(null);
    }

    private static double medianMillis(List<Sample> list) {
        return median(list.stream().map(Sample::millis).toList());
    }

    private static String range(List<Sample> list) {
        return list.stream().mapToLong(Sample::millis).min().orElse(0) + "–"
                + list.stream().mapToLong(Sample::millis).max().orElse(0);
    }

    static long deflatedSize(Path file) throws IOException {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream out =
                new DeflaterOutputStream(deflated, new Deflater(Deflater.DEFAULT_COMPRESSION))) {
            Files.copy(file, out);
        }
        return deflated.size();
    }

    private void printClasses() {
        List<String> parts = new ArrayList<>();
        for (Target t : Stream.concat(floors.stream(), handlers.stream()).toList()) {
            long n = classes.get(t.name());
            String label = floors.contains(t)
                    ? t.name().replace("floor: ", "")
                    : t.handlerClass().substring(t.handlerClass().lastIndexOf('.') + 1);
            parts.add(label + " " + (n < 0 ? "failed" : fmt(n, 0)));
        }
        System.out.println();
        System.out.println("Classes loaded until the result (one more JVM per row, not timed, `-Xlog:class+load`; "
                + "a measure that load on the machine does not move): " + String.join(", ", parts) + ".");
    }
}
