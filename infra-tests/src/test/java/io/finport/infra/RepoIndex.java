package io.finport.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the repository holds, for checking what the docs name: every source file (build output, tool installs and VCS
 * data left out), the Java types each file declares, and the words of every file that is not Markdown.
 */
final class RepoIndex {
    private static final Set<String> SKIPPED_DIRS =
            Set.of(".git", "target", ".aws-sam", "node_modules", ".venv", ".venv-localstack", ".local", ".idea");
    private static final Pattern TYPE_DECLARATION =
            Pattern.compile("\\b(?:class|record|enum|interface)\\s+([A-Z][A-Za-z0-9_]*)");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final long MAX_TEXT_BYTES = 2_000_000;

    private final Path root;
    private final List<String> files = new ArrayList<>();
    private final Map<String, List<Path>> javaTypes = new HashMap<>();
    private final Set<String> sourceWords = new HashSet<>();
    private final StringBuilder sourceText = new StringBuilder();

    private RepoIndex(Path root) {
        this.root = root;
    }

    static RepoIndex of(Path root) {
        RepoIndex index = new RepoIndex(root);
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return SKIPPED_DIRS.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) index.add(file, attrs.size());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return index;
    }

    private void add(Path file, long size) throws IOException {
        String relative = root.relativize(file).toString().replace('\\', '/');
        files.add(relative);
        if (relative.endsWith(".md") || size > MAX_TEXT_BYTES) return;
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException binary) {
            return;
        }
        if (relative.endsWith(".java")) {
            String fileType = file.getFileName().toString().replace(".java", "");
            javaTypes.computeIfAbsent(fileType, k -> new ArrayList<>()).add(file);
            Matcher m = TYPE_DECLARATION.matcher(text);
            while (m.find()) {
                if (!m.group(1).equals(fileType)) {
                    javaTypes
                            .computeIfAbsent(m.group(1), k -> new ArrayList<>())
                            .add(file);
                }
            }
        }
        Matcher words = WORD.matcher(text);
        while (words.find()) sourceWords.add(words.group());
        sourceText.append(text).append('\n');
    }

    Path root() {
        return root;
    }

    List<String> files() {
        return files;
    }

    boolean isJavaType(String name) {
        return javaTypes.containsKey(name);
    }

    /** Whether a type of that name declares or uses {@code member} (a method, field or constant) in its file. */
    boolean javaTypeHasMember(String type, String member) {
        Pattern use = Pattern.compile("\\b" + Pattern.quote(member) + "\\b");
        for (Path file : javaTypes.getOrDefault(type, List.of())) {
            try {
                if (use.matcher(Files.readString(file)).find()) return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    /** Java source files whose path ends with {@code suffix} (e.g. {@code api/ImportApi.java}). */
    List<String> filesEndingWith(String suffix) {
        return files.stream()
                .filter(f -> f.equals(suffix) || f.endsWith("/" + suffix))
                .toList();
    }

    /** A whole word in a file that is not Markdown (code, template, state machines, scripts, resources). */
    boolean isSourceWord(String word) {
        return sourceWords.contains(word);
    }

    /** Text in a file that is not Markdown. */
    boolean sourceContains(String text) {
        return sourceText.indexOf(text) >= 0;
    }

    /** Build output, tool installs, local state: folders the index leaves out, so a doc's path into them is not checked. */
    static boolean isGenerated(String folder) {
        return SKIPPED_DIRS.contains(folder);
    }

    boolean exists(String relativePath) {
        return Files.exists(root.resolve(relativePath));
    }
}
