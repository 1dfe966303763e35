package io.finport.workflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.finport.domain.OutcomeClassifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules that keep the code carryable: no package cycles in the workflow functions, a domain free of
 * AWS and HTTP types, and production code that never reaches the finAPI sandbox or the local stack. Each rule also
 * runs against small fixtures that break it (io.finport.archfixture), so a rule that matches nothing cannot pass.
 */
class ArchitectureTest {
    private static JavaClasses production;

    /**
     * One slice per package directly under root (for the workflow: handler, service, store, ...), and the root package
     * (the composition root, Workflow) as a slice of its own.
     */
    static ArchRule noPackageCyclesUnder(String root) {
        return slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                        String pkg = javaClass.getPackageName();
                        if (pkg.equals(root)) return SliceIdentifier.of("(root)");
                        if (!pkg.startsWith(root + ".")) return SliceIdentifier.ignore();
                        return SliceIdentifier.of(
                                pkg.substring(root.length() + 1).split("\\.")[0]);
                    }

                    @Override
                    public String getDescription() {
                        return "the packages of " + root;
                    }
                })
                .should()
                .beFreeOfCycles();
    }

    /** Domain code is plain Java: the JDK and itself, no AWS SDK, no JSON or HTTP library. */
    static ArchRule onlyPlainJavaIn(String domainPackage) {
        return classes()
                .that()
                .resideInAPackage(domainPackage + "..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(domainPackage + "..", "java..");
    }

    /** ... and not the JDK's networking either. */
    static ArchRule noNetworkingIn(String domainPackage) {
        return noClasses()
                .that()
                .resideInAPackage(domainPackage + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net..", "javax.net..", "software.amazon..", "com.amazonaws..");
    }

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.finport.workflow", "io.finport.domain", "io.finport.finapi");
    }

    @Test
    void theProductionClassesAreImported() {
        assertThat(production.contain(Workflow.class)).isTrue();
        assertThat(production.contain(OutcomeClassifier.class)).isTrue();
        assertThat(production.stream().filter(c -> c.getPackageName().startsWith("io.finport.workflow.")))
                .hasSizeGreaterThan(50);
    }

    @Test
    void workflowPackagesHaveNoCycles() {
        noPackageCyclesUnder("io.finport.workflow").check(production);
    }

    @Test
    void importDomainHasNoAwsHttpOrJsonTypes() {
        onlyPlainJavaIn("io.finport.domain").check(production);
        noNetworkingIn("io.finport.domain").check(production);
    }

    @Test
    void productionCodeNeverReachesTheSandboxOrTheLocalStack() {
        noClasses()
                .that()
                .resideInAnyPackage("io.finport.workflow..", "io.finport.domain..", "io.finport.finapi..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.finport.sandbox..", "io.finport.local..")
                .check(production);
    }

    @Test
    void theRulesRejectFixturesThatBreakThem() {
        JavaClasses fixtures = new ClassFileImporter().importPackages("io.finport.archfixture");
        assertThat(noPackageCyclesUnder("io.finport.archfixture.cycle")
                        .evaluate(fixtures)
                        .hasViolation())
                .as("a cycle between two packages is reported")
                .isTrue();
        assertThat(noPackageCyclesUnder("io.finport.archfixture.rootcycle")
                        .evaluate(fixtures)
                        .hasViolation())
                .as("a cycle through the root package is reported")
                .isTrue();
        assertThat(onlyPlainJavaIn("io.finport.archfixture.domain")
                        .evaluate(fixtures)
                        .hasViolation())
                .isFalse(); // java.net.http is still "java..": the networking rule has to catch it
        assertThat(noNetworkingIn("io.finport.archfixture.domain")
                        .evaluate(fixtures)
                        .hasViolation())
                .as("an HTTP client in the domain is reported")
                .isTrue();
    }
}
