package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One job per class: past about 350 lines a class usually has two (issue 11), so the sandbox's main code stays below. */
class ClassSizeTest {
    private static final int MAX_LINES = 350;

    @Test
    void noMainClassIsOver350Lines() throws IOException {
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> lines(f) > MAX_LINES)
                    .map(f -> f.getFileName() + ": " + lines(f) + " lines")
                    .toList();
        }
        assertThat(tooLong).as("main classes over " + MAX_LINES + " lines").isEmpty();
    }

    @Test
    void theSourcesAreWhereTheTestLooks() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("SandboxState.java")))
                    .hasSize(1);
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
