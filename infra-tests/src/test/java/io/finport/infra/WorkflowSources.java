package io.finport.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the Lambda sources (functions/import-workflow) as text, enough to tell which AWS services a handler can reach.
 *
 * <p>The handlers' no-argument constructors take their services from the composition root
 * {@code io.finport.workflow.Workflow} ({@code Workflow.fromEnvironment().x()} or {@code workflow.x()}); only that
 * class hands out SDK clients (as {@code aws::dynamoDb}, {@code aws::sns}, ...). So "what can handler H reach" is:
 * the accessors H calls, the fields they return, and the SDK clients those fields were built
 * from, following field-to-field wiring in the constructor. The result is an upper bound at class level (a handler
 * that uses one method of a service object still "reaches" everything that object was given).
 */
final class WorkflowSources {
    static final String ROOT_CLASS = "io.finport.workflow.Workflow";
    static final String CLIENTS_CLASS = "io.finport.workflow.aws.AwsClients";

    /** AwsClients accessor → IAM service prefix. */
    static final Map<String, String> CLIENT_ACCESSORS = Map.ofEntries(
            Map.entry("dynamoDb", "dynamodb"), Map.entry("dynamoDbSupplier", "dynamodb"),
            Map.entry("sfn", "states"), Map.entry("sfnSupplier", "states"),
            Map.entry("sns", "sns"), Map.entry("snsSupplier", "sns"),
            Map.entry("secretsManager", "secretsmanager"), Map.entry("secretsManagerSupplier", "secretsmanager"),
            Map.entry("kms", "kms"), Map.entry("kmsSupplier", "kms"),
            Map.entry("s3", "s3"), Map.entry("s3Supplier", "s3"));

    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");
    private static final Pattern STRINGS = Pattern.compile("\"\"\"(?s).*?\"\"\"|\"(?:\\\\.|[^\"\\\\])*\"");
    private static final Pattern CLIENT_USE = Pattern.compile("\\baws(?:::|\\s*\\.\\s*)(\\w+)");
    private static final Pattern IDENTIFIER = Pattern.compile("\\b[a-z]\\w*\\b");

    private final Path mainSources;

    WorkflowSources(Path repoRoot) {
        this.mainSources = repoRoot.resolve("functions/import-workflow/src/main/java");
    }

    Path mainSources() {
        return mainSources;
    }

    Path sourceOf(String className) {
        return mainSources.resolve(className.replace('.', '/') + ".java");
    }

    /** The source without comments and string literals, so names in prose or messages do not count. */
    String code(String className) {
        return code(sourceOf(className));
    }

    static String code(Path file) {
        try {
            String text = Files.readString(file);
            return STRINGS.matcher(COMMENTS.matcher(text).replaceAll(" ")).replaceAll("\"\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every main source file, relative to the source root, with its code (comments and strings removed). */
    Map<String, String> allCode() {
        try (Stream<Path> files = Files.walk(mainSources)) {
            Map<String, String> code = new TreeMap<>();
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(f -> code.put(mainSources.relativize(f).toString().replace('\\', '/'), code(f)));
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** IAM service prefixes the handler can reach through the composition root. */
    Set<String> servicesReachableFrom(String handlerClass) {
        Wiring wiring = wiring();
        String handler = code(handlerClass);
        Matcher calls = Pattern.compile(
                        "(?:\\bworkflow|\\bWorkflow\\s*\\.\\s*fromEnvironment\\s*\\(\\s*\\))\\s*\\.\\s*(\\w+)\\s*\\(\\s*\\)")
                .matcher(handler);
        Set<String> services = new TreeSet<>();
        boolean any = false;
        while (calls.find()) {
            any = true;
            String field = wiring.accessors().get(calls.group(1));
            if (field == null) {
                throw new IllegalStateException(handlerClass + " calls workflow." + calls.group(1)
                        + "(), which is not a plain field accessor of " + ROOT_CLASS);
            }
            services.addAll(wiring.services(field, new HashSet<>()));
        }
        if (!any) {
            throw new IllegalStateException(handlerClass + " takes nothing from " + ROOT_CLASS
                    + "; this analysis cannot see where its dependencies come from");
        }
        return services;
    }

    /** Fields of the composition root, what each was built from, and the accessors that return them. */
    Wiring wiring() {
        String root = code(ROOT_CLASS);
        Map<String, String> built = new LinkedHashMap<>();
        Matcher declared = Pattern.compile(
                        "private\\s+(?:static\\s+)?(?:final\\s+)?(?:volatile\\s+)?[\\w<>,.\\s]+?\\s+(\\w+)\\s*(=([^;]*))?;")
                .matcher(root);
        while (declared.find()) {
            built.put(declared.group(1), declared.group(3) == null ? "" : declared.group(3));
        }
        int start = root.indexOf("public Workflow(");
        if (start < 0) {
            throw new IllegalStateException(ROOT_CLASS + " has no public constructor to read the wiring from");
        }
        String body = root.substring(root.indexOf('{', start) + 1, matchingBrace(root, root.indexOf('{', start)));
        for (String statement : body.split(";")) {
            Matcher assignment = Pattern.compile("(?s)^\\s*(?:this\\.(\\w+)|[\\w<>,.]+\\s+(\\w+))\\s*=\\s*(.*)$")
                    .matcher(statement);
            if (assignment.find()) {
                String name = assignment.group(1) != null ? assignment.group(1) : assignment.group(2);
                built.put(name, assignment.group(3));
            }
        }
        Map<String, String> accessors = new TreeMap<>();
        Matcher accessor = Pattern.compile(
                        "public\\s+[\\w<>,.\\s]+?\\s+(\\w+)\\s*\\(\\s*\\)\\s*\\{\\s*return\\s+(\\w+)(?:\\s*\\.\\s*get\\s*\\(\\s*\\))?\\s*;\\s*}")
                .matcher(root);
        while (accessor.find()) {
            accessors.put(accessor.group(1), accessor.group(2));
        }
        return new Wiring(built, accessors);
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '{') depth++;
            if (text.charAt(i) == '}' && --depth == 0) return i;
        }
        throw new IllegalStateException("unbalanced braces");
    }

    record Wiring(Map<String, String> built, Map<String, String> accessors) {
        /** The services a field (or constructor local) was built from, directly or through other fields. */
        Set<String> services(String name, Set<String> visiting) {
            String expression = built.getOrDefault(name, "");
            Set<String> services = new TreeSet<>();
            if (!visiting.add(name)) {
                return services;
            }
            Matcher clients = CLIENT_USE.matcher(expression);
            List<String> rest = new ArrayList<>();
            int last = 0;
            while (clients.find()) {
                String service = CLIENT_ACCESSORS.get(clients.group(1));
                if (service == null) {
                    throw new IllegalStateException("unknown AwsClients accessor aws." + clients.group(1));
                }
                services.add(service);
                rest.add(expression.substring(last, clients.start()));
                last = clients.end();
            }
            rest.add(expression.substring(last));
            for (String part : rest) {
                Matcher names = IDENTIFIER.matcher(part);
                while (names.find()) {
                    String other = names.group();
                    if (other.equals("aws")) {
                        services.addAll(CLIENT_ACCESSORS.values()); // the whole client factory handed on
                    } else if (!other.equals(name) && built.containsKey(other)) {
                        services.addAll(services(other, visiting));
                    }
                }
            }
            visiting.remove(name);
            return services;
        }
    }
}
