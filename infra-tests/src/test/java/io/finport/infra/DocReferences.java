package io.finport.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what a Markdown document names that the repository does not hold: Java types and their members, repository
 * paths, template parameters and the project's settings (environment variables, system properties).
 */
final class DocReferences {
    private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^```.*?^```");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    /** CamelCase with at least two humps, optionally followed by {@code #member} or {@code .member}. */
    private static final Pattern TYPE_NAME =
            Pattern.compile("(?<![\\w+:/.\\-])([A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)(?:([#.])([A-Za-z_][A-Za-z0-9_]*))?");

    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\bio\\.finport(?:\\.[A-Za-z_][A-Za-z0-9_]*)+");
    /** A path relative to a source root, naming a class: {@code api/ImportApi.java}, {@code tenant/ConnectionGate.admit}. */
    private static final Pattern PACKAGE_PATH = Pattern.compile(
            "^([a-z][a-z0-9]*(?:/[a-z][a-z0-9]*)*)/([A-Z][A-Za-z0-9]*)(?:\\.([A-Za-z_][A-Za-z0-9_]*))?$");

    private static final Pattern PARAMETER_ASSIGNMENT =
            Pattern.compile("(?<![\\w.\\-])([A-Z][a-z]+[A-Za-z0-9]*)=(?!=)");
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("\\bFINPORT_[A-Z0-9_]+\\b");
    private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D(finport\\.[A-Za-z0-9_.]*[A-Za-z0-9_])");

    /**
     * Names from outside the repository that the docs use on purpose (AWS and SAM vocabulary the code never spells
     * out). Everything else must be a Java type or a word of the code, template or state machines.
     */
    static final Set<String> EXTERNAL_NAMES = Set.of(
            "CognitoAuthorizer", "DefaultAuthorizer", "ExecutionArn", "LambdaTokenAuthorizer", "ValidationError");

    private final RepoIndex repo;
    private final JsonNode template;
    private final Set<String> parameters = new TreeSet<>();

    DocReferences(RepoIndex repo, JsonNode template) {
        this.repo = repo;
        this.template = template;
        template.path("Parameters").fieldNames().forEachRemaining(parameters::add);
    }

    Set<String> parameters() {
        return parameters;
    }

    /** Every problem of one document, each naming the document and what it names. */
    List<String> problems(Path doc, String text) {
        Set<String> problems = new LinkedHashSet<>();
        String prose = FENCED_BLOCK.matcher(text).replaceAll("");
        Matcher span = CODE_SPAN.matcher(prose);
        while (span.find()) {
            javaNames(span.group(1), problems);
            path(span.group(1), problems);
        }
        Matcher link = LINK.matcher(prose);
        while (link.find()) link(doc, link.group(1), problems);
        settings(text, problems);
        List<String> named = new ArrayList<>();
        String where = repo.root().relativize(doc.toAbsolutePath()).toString();
        problems.forEach(p -> named.add(where + ": " + p));
        return named;
    }

    private void javaNames(String span, Set<String> problems) {
        Matcher m = TYPE_NAME.matcher(span);
        while (m.find()) {
            String type = m.group(1);
            String separator = m.group(2);
            String member = m.group(3);
            if (repo.isJavaType(type)) {
                if (member != null
                        && !"java".equals(member)
                        && !repo.javaTypeHasMember(type, member)
                        && !isTemplateProperty(type, member)) {
                    problems.add("`" + type + separator + member + "`: " + type + " has no " + member);
                }
            } else if ("#".equals(separator)) {
                problems.add("`" + type + "#" + member + "`: no Java type " + type);
            } else if (!repo.isSourceWord(type) && !EXTERNAL_NAMES.contains(type)) {
                problems.add("`" + type + "`: neither a Java type nor a name in the code, template or state machines");
            }
        }
        Matcher q = QUALIFIED_NAME.matcher(span);
        while (q.find()) {
            String name = q.group();
            String asPath = name.replace('.', '/');
            boolean found = repo.files().stream()
                    .anyMatch(f -> f.contains("/java/" + asPath + "/") || f.endsWith("/java/" + asPath + ".java"));
            if (!found) problems.add("`" + name + "`: no such package or class");
        }
    }

    /** {@code ImportApi.Auth}: a template resource's property (a resource may share its name with a class). */
    private boolean isTemplateProperty(String resource, String property) {
        return template.path("Resources").path(resource).path("Properties").has(property);
    }

    private void path(String span, Set<String> problems) {
        if (span.contains(" ") || !span.contains("/") || span.contains("://") || span.startsWith("/")) return;
        String path = span.replaceFirst("^\\./", "").replaceFirst("#.*$", "").replaceFirst("/$", "");
        Matcher packagePath = PACKAGE_PATH.matcher(path);
        if (packagePath.matches() && !repo.exists(path)) {
            String file = packagePath.group(1) + "/" + packagePath.group(2) + ".java";
            String member = packagePath.group(3);
            List<String> files = repo.filesEndingWith(file);
            if (files.isEmpty()) {
                problems.add("`" + span + "`: no file ending with " + file);
            } else if (member != null
                    && !"java".equals(member)
                    && !repo.javaTypeHasMember(packagePath.group(2), member)) {
                problems.add("`" + span + "`: " + packagePath.group(2) + " has no " + member);
            }
            return;
        }
        String first = path.split("/")[0];
        if (first.isEmpty() || !repo.exists(first) || RepoIndex.isGenerated(first)) return;
        if (("/" + path + "/").contains("/target/")) return;
        if (!exists(path)) problems.add("`" + span + "`: no such file in the repository");
    }

    private void link(Path doc, String target, Set<String> problems) {
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) return;
        String path = target.replaceFirst("#.*$", "");
        Path resolved = doc.toAbsolutePath().getParent().resolve(path).normalize();
        if (!resolved.startsWith(repo.root()) || !java.nio.file.Files.exists(resolved)) {
            problems.add("link (" + target + "): no such file");
        }
    }

    private void settings(String text, Set<String> problems) {
        for (String line : text.split("\n")) {
            // parameter overrides on a command line, or a code span that is one assignment (`Key=Value` is the pattern)
            String assignments = line.contains("--parameter") ? line : "";
            Matcher span = CODE_SPAN.matcher(line);
            while (span.find()) {
                if (span.group(1).matches("[A-Z][a-z]+[A-Za-z0-9]*=\\S+")) assignments += " " + span.group(1);
            }
            Matcher assignment = PARAMETER_ASSIGNMENT.matcher(assignments);
            while (assignment.find()) {
                if (!parameters.contains(assignment.group(1)) && !"Key".equals(assignment.group(1))) {
                    problems.add(assignment.group(1) + "=...: no such template parameter");
                }
            }
        }
        Matcher variable = ENVIRONMENT_VARIABLE.matcher(text);
        while (variable.find()) {
            if (!repo.isSourceWord(variable.group())) {
                problems.add(variable.group() + ": no such environment variable in the code or scripts");
            }
        }
        Matcher property = SYSTEM_PROPERTY.matcher(text);
        while (property.find()) {
            if (!repo.sourceContains("\"" + property.group(1) + "\"")) {
                problems.add("-D" + property.group(1) + ": no such system property in the code");
            }
        }
    }

    private boolean exists(String path) {
        if (!path.contains("*")) return repo.exists(path);
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + path);
        return repo.files().stream().anyMatch(f -> glob.matches(Path.of(f)));
    }

    /** The template parameters the README's parameter table names (first column, in backticks). */
    static Set<String> parameterTableNames(String readme) {
        Set<String> names = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : readme.split("\n")) {
            if (line.startsWith("| parameter |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|")) {
                String firstCell = line.split("\\|")[1];
                Matcher name = CODE_SPAN.matcher(firstCell);
                while (name.find()) names.add(name.group(1));
            } else if (inTable) {
                inTable = false;
            }
        }
        return names;
    }
}
