package io.finport.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One local stack for all end-to-end test classes of this JVM (starting moto and deploying takes a few seconds).
 * It closes when the JVM exits; moto also exits on its own when this JVM's pipe to it closes.
 */
final class SharedStack {
    private static LocalStack stack;

    private SharedStack() {}

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = LocalStack.start(LocalStack.Options.defaults(repoRoot()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        }
        return stack;
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) dir = dir.getParent();
        if (dir == null) throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
        return dir;
    }
}
