package io.finport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A main class past 350 lines usually has two jobs: the modules that ship or simulate stay under it. */
class MainClassSizeTest {
    static final int MAX_LINES = 350;
    static final List<String> MODULES = List.of("functions", "finapi-client", "finapi-sandbox", "local-stack");

    @Test
    void noMainClassIsOver350Lines() throws IOException {
        Path root = RepoRoot.find();
        List<String> tooLong = new ArrayList<>();
        int files = 0;
        for (String module : MODULES) {
            try (Stream<Path> paths = Files.walk(root.resolve(module))) {
                for (Path file : paths.filter(MainClassSizeTest::isMainJava).toList()) {
                    files++;
                    long lines;
                    try (Stream<String> all = Files.lines(file)) {
                        lines = all.count();
                    }
                    if (lines > MAX_LINES) tooLong.add(root.relativize(file) + ": " + lines + " lines");
                }
            }
        }
        assertThat(files).as("main classes found").isGreaterThan(150);
        assertThat(tooLong).as("main classes over " + MAX_LINES + " lines").isEmpty();
    }

    private static boolean isMainJava(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java") && path.contains("/src/main/java/") && !path.contains("/target/");
    }
}
