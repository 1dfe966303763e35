package io.finport.bench.coldstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The java that the measured JVMs run on, and what the run line says about it: its version and whether it has the
 * default CDS archive of the JDK's own classes (Lambda's runtimes ship one; a jlinked runtime may not).
 */
record ChildJava(Path binary, String version, boolean defaultCdsArchive) {

    static ChildJava of(Path binary) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(binary.toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(binary + " -version failed");
        }
        String version = property(out, "java.version");
        Path home = Path.of(property(out, "java.home"));
        return new ChildJava(binary, version, Files.exists(home.resolve("lib/server/classes.jsa")));
    }

    private static String property(String settings, String name) {
        for (String line : settings.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(name + " = "))
                return trimmed.substring(name.length() + 3).trim();
        }
        throw new IllegalStateException("java -XshowSettings printed no " + name);
    }

    String describe() {
        return "Java " + version
                + (defaultCdsArchive ? " (with its default CDS archive)" : " (no default CDS archive)");
    }
}
