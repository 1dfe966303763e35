package io.finport.bench.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The size of a Lambda deployment package laid out as a folder of jars (what `sam build` zips). */
public record PackageSize(List<Jar> jars) {

    public record Jar(String name, long bytes) {}

    public long totalBytes() {
        return jars.stream().mapToLong(Jar::bytes).sum();
    }

    public static PackageSize of(Path dir) throws IOException {
        List<Jar> jars = new ArrayList<>();
        for (Path jar : jars(dir)) jars.add(new Jar(jar.getFileName().toString(), Files.size(jar)));
        return new PackageSize(List.copyOf(jars));
    }

    /** The jars directly in dir, sorted by name (a stable classpath order). */
    public static List<Path> jars(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("no package folder " + dir);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }
}
