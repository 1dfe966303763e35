package io.finport.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A scenario file read and checked before anything starts. Its name defaults to the file name without
 * {@code .json}; a broken file gives one line naming the file, the field and the problem
 * ({@link #problem(Path, RuntimeException)}), for command-line tools that then exit 2.
 */
public record ScenarioFile(Path path, String name, String json) {

    /** Reads and validates; throws {@link ScenarioValidationException} (the message names the field). */
    public static ScenarioFile read(Path path) {
        String json;
        try {
            json = Files.readString(path);
        } catch (IOException e) {
            throw new ScenarioValidationException(
                    "$", "cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        Scenario scenario = ScenarioParser.parse(json, defaultName(path));
        return new ScenarioFile(path, scenario.name(), json);
    }

    /** The file name without {@code .json}: a scenario's name when the file gives none. */
    public static String defaultName(Path path) {
        String file = path.getFileName().toString();
        return file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    }

    /** One line: {@code <file>: <field>: <problem>}. */
    public static String problem(Path path, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return path + ": " + message.replace('\n', ' ');
    }
}
