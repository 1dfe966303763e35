package io.finport.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our closed sets (import status, import type, outcome, poll-loop state, refresh status) are enums; their spelling
 * appears in production code only as the enums' constant names, never as a string literal that a typo could break.
 * The few literals that spell another party's vocabulary the same way are listed with the reason.
 */
class VocabularyLiteralsTest {
    private static final Pattern OUR_VOCABULARY = Pattern.compile("\"(PENDING|WAITING_FOR_USER|IN_PROGRESS|CATEGORIZING"
            + "|COMPLETED|SUCCEEDED|PARTIALLY_FAILED|FAILED|USER_ACTION_REQUIRED|TIMED_OUT|WAITING|READY|STOPPED|IMPORT"
            + "|UPDATE|TRACK|RUNNING)\"");

    /** File name → a text on the line that makes the literal someone else's word. */
    private static final Map<String, List<String>> OTHER_PARTIES = Map.of(
            // finAPI's categorizationStatus, as the domain's snapshot carries it
            "OutcomeClassifier.java", List.of("categorizationStatus()"));

    private static final List<Path> SOURCES =
            List.of(Path.of("src/main/java"), Path.of("../../import-domain/src/main/java"));

    @Test
    void productionCodeSpellsOurStatesOnlyThroughTheEnums() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : SOURCES) {
            assertThat(root).isDirectory();
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> scan(f, found));
            }
        }
        assertThat(found).as("string literals of our vocabulary").isEmpty();
    }

    @Test
    void theScanFindsALiteral() {
        assertThat(OUR_VOCABULARY.matcher("if (\"COMPLETED\".equals(status))").find())
                .isTrue();
        assertThat(OUR_VOCABULARY.matcher("ImportStatus.COMPLETED").find()).isFalse();
    }

    private static void scan(Path file, List<String> found) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> excuses = OTHER_PARTIES.getOrDefault(file.getFileName().toString(), List.of());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String code = line.strip();
            if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) continue;
            Matcher m = OUR_VOCABULARY.matcher(line);
            if (m.find() && excuses.stream().noneMatch(line::contains)) {
                found.add(file.getFileName() + ":" + (i + 1) + ": " + code);
            }
        }
    }
}
