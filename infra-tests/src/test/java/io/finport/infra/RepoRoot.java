package io.finport.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the nearest directory at or above the working directory that holds template.yaml. */
final class RepoRoot {
    private RepoRoot() {}

    static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("template.yaml"))) {
                return d;
            }
        }
        throw new IllegalStateException("no template.yaml in " + dir + " or any parent directory");
    }

    static Path template() {
        return find().resolve("template.yaml");
    }

    static Path stateMachine() {
        return find().resolve("statemachine/import-workflow.asl.json");
    }
}
