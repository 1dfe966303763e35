package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Names the JVM the handlers' tests run in (the CI log shows it), and, when scripts/test asks for the Lambda runtime's
 * Java version with -Dfinport.expected.java=21, fails if the tests ran on another one.
 */
class TestJvmTest {

    @Test
    void runsOnTheExpectedJavaVersion() {
        Runtime.Version version = Runtime.version();
        System.out.println("Handler tests run on Java " + version + " (" + System.getProperty("java.vm.vendor") + ", "
                + System.getProperty("java.home") + ")");
        assertThat(version.feature()).isGreaterThanOrEqualTo(21);
        String expected = System.getProperty("finport.expected.java", "");
        if (!expected.isBlank()) {
            assertThat(version.feature()).as("test JVM's Java version").isEqualTo(Integer.parseInt(expected));
        }
    }
}
