package io.finport.bench.coldstart;

import io.finport.bench.coldstart.ColdStartBenchmark.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Where each measured JVM finds its classes. Always first: the launcher and the floors' handlers, in a jar of their own
 * (CDS archives accept jars only). Then either the shared package (the import-workflow jar and every runtime
 * dependency, unshrunk: the only layout an AppCDS archive accepts) or, with a folder of per-function packages as
 * {@code sam build} lays them out, the function's own package: its classes folder, then its {@code lib/*.jar}, as
 * Lambda's Java runtime puts them on the class path. A floor runs on the package of a measured handler that calls the
 * same services (the SDK floors: of the one that calls the fewest).
 */
final class ClassPaths {
    private final Path work;
    private final Path sharedPackage;
    private final Path functions;
    private final Map<String, Path> packages = new HashMap<>();

    /** @param functions the per-function packages ({@code <LogicalId>/}), or null to run everything on the shared one */
    ClassPaths(Path work, Path sharedPackage, Path functions) {
        this.work = work;
        this.sharedPackage = sharedPackage;
        this.functions = functions;
    }

    boolean perFunction() {
        return functions != null;
    }

    /** Picks each target's package; fails when a handler's function has none in the folder. */
    void assign(List<Target> floors, List<Target> handlers) throws IOException {
        if (functions == null || handlers.isEmpty()) return;
        for (Target h : handlers) packages.put(h.name(), functionPackage(h));
        Target fewest = handlers.stream()
                .min(Comparator.comparingInt(h -> h.services().size()))
                .orElseThrow();
        for (Target f : floors) {
            Target like = handlers.stream()
                    .filter(h -> !f.services().isEmpty() && h.services().equals(f.services()))
                    .findFirst()
                    .orElse(fewest);
            packages.put(f.name(), packages.get(like.name()));
        }
    }

    /** The package a target runs on, as the run line and the logs name it. */
    String packageName(Target target) {
        Path dir = packages.get(target.name());
        return dir == null ? "shared package" : dir.getFileName().toString();
    }

    /** The class path of a timed run of this target (its function's package when there are per-function ones). */
    String of(Target target) throws IOException {
        Path dir = packages.get(target.name());
        if (dir == null) return shared();
        List<String> entries = new ArrayList<>(List.of(launcherJar().toString(), dir.toString()));
        for (Path jar : PackageSize.jars(dir.resolve("lib"))) entries.add(jar.toString());
        return String.join(":", entries);
    }

    /** The shared package's class path (the AppCDS rows: an archive accepts no classes folder). */
    String shared() throws IOException {
        List<String> entries = new ArrayList<>(List.of(launcherJar().toString()));
        for (Path jar : PackageSize.jars(sharedPackage))
            entries.add(jar.toAbsolutePath().toString());
        return String.join(":", entries);
    }

    /** XHandler's function is XFunction (template.yaml's naming). */
    static String functionOf(String handlerClass) {
        String simple = handlerClass.substring(handlerClass.lastIndexOf('.') + 1);
        return simple.replaceFirst("Handler$", "") + "Function";
    }

    private Path functionPackage(Target handler) throws IOException {
        Path dir = functions.resolve(functionOf(handler.handlerClass())).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("lib"))) {
            throw new IOException("no function package " + dir + " (with lib/) for " + handler.name());
        }
        return dir;
    }

    private Path launcherJar() throws IOException {
        Path jar = work.resolve("coldstart-launcher.jar").toAbsolutePath();
        if (Files.exists(jar)) return jar;
        Path tmp = work.resolve("coldstart-launcher.jar.tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            for (Class<?> type : List.of(
                    ColdStartLauncher.class,
                    BareHandler.class,
                    SdkClientHandler.class,
                    SdkCallsHandler.class,
                    FloorService.class)) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) throw new IOException("class file not found: " + entry);
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
