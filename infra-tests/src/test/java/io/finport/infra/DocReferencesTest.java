package io.finport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The docs (README.md, docs/*.md) name only Java types, members, files, template parameters and settings that exist,
 * so a rename or a removed parameter cannot leave a doc describing something that is gone.
 */
class DocReferencesTest {
    private static Path root;
    private static RepoIndex repo;
    private static Set<String> parameters;
    private static DocReferences references;

    @BeforeAll
    static void index() throws IOException {
        root = RepoRoot.find();
        repo = RepoIndex.of(root);
        references = new DocReferences(repo, CfnYaml.load(RepoRoot.template()));
        parameters = references.parameters();
    }

    @Test
    void docs_nameOnlyClassesFilesParametersAndSettingsThatExist() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path doc : docs()) {
            problems.addAll(references.problems(doc, Files.readString(doc)));
        }

        assertThat(problems)
                .as("names in the docs that the repository does not hold")
                .isEmpty();
    }

    @Test
    void readmeParameterTable_namesEveryTemplateParameterAndNothingElse() throws IOException {
        Set<String> documented = DocReferences.parameterTableNames(Files.readString(root.resolve("README.md")));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(parameters);
    }

    @Test
    void problems_whenADocNamesAMissingClassMemberFileLinkOrParameter_reportsEach() {
        // The missing names are put together at run time: this file is part of the repository the names are looked up
        // in.
        String missing = "NoSuch";
        String doc = String.join(
                "\n",
                "`RepoIndex` and `DocReferencesTest#docs_nameOnlyClassesFilesParametersAndSettingsThatExist` exist;",
                "`" + missing + "ThingAnywhere`, `RepoIndex.noSuchMember`, `DocReferencesTest#no" + missing + "Test`,",
                "`infra-tests/no-such-file.txt`, `infra/NoSuchClass.java`, [gone](no-such.md), `io.finport.nosuch`,",
                "`PollDeadlineSeconds=60` and `NoSuchParameter=1`, FINPORT_NO_" + missing.toUpperCase() + "_VARIABLE,",
                "-Dfinport.noSuchProperty=x",
                "```",
                "`InsideACodeBlockIsNotAName`",
                "```");

        List<String> problems = references.problems(root.resolve("README.md"), doc);

        assertThat(problems)
                .hasSize(10)
                .anyMatch(p -> p.contains("`" + missing + "ThingAnywhere`: neither a Java type"))
                .anyMatch(p -> p.contains("RepoIndex has no noSuchMember"))
                .anyMatch(p -> p.contains("DocReferencesTest has no no" + missing + "Test"))
                .anyMatch(p -> p.contains("`infra-tests/no-such-file.txt`"))
                .anyMatch(p -> p.contains("`infra/NoSuchClass.java`"))
                .anyMatch(p -> p.contains("link (no-such.md)"))
                .anyMatch(p -> p.contains("`io.finport.nosuch`"))
                .anyMatch(p -> p.contains("NoSuchParameter=...: no such template parameter"))
                .anyMatch(p -> p.contains("FINPORT_NO_" + missing.toUpperCase() + "_VARIABLE"))
                .anyMatch(p -> p.contains("-Dfinport.noSuchProperty"))
                .noneMatch(p -> p.contains("InsideACodeBlockIsNotAName") || p.contains("PollDeadlineSeconds"));
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
