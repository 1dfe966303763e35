package io.finport.workflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finport.workflow.refresh.RefreshConfig;
import io.finport.workflow.testing.TestConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkflowConfigTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "TABLE_NAME",
                "FINAPI_ACCESS_BASE_URL",
                "FINAPI_WEBFORM_BASE_URL",
                "FINAPI_CLIENT_SECRET_ARN",
                "USER_PASSWORD_KEY_ID",
                "POLL_DEADLINE_SECONDS",
                "POLL_MIN_WAIT_SECONDS",
                "POLL_MAX_WAIT_SECONDS",
                "WAIT_FOR_CATEGORIZATION",
                "FINAPI_MANDATOR_LICENCE",
                "AWS_REGION"
            })
    void fromEnvironment_whenAVariableEveryFunctionGetsIsMissingOrBlank_failsNamingIt(String name) {
        Map<String, String> missing = TestConfig.environment();
        missing.remove(name);
        Map<String, String> blank = TestConfig.environment();
        blank.put(name, " ");

        assertThatThrownBy(() -> WorkflowConfig.fromEnvironment(missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("missing environment variable " + name);
        assertThatThrownBy(() -> WorkflowConfig.fromEnvironment(blank))
                .hasMessage("missing environment variable " + name);
    }

    @Test
    void fromEnvironment_withEveryVariable_takesTheValuesAsGiven() {
        WorkflowConfig config = TestConfig.config(
                "FINAPI_ACCESS_BASE_URL", "https://finapi.example",
                "POLL_DEADLINE_SECONDS", "600",
                "FINAPI_MANDATOR_LICENCE", "LICENSED",
                "TOPIC_ARN", "arn:aws:sns:eu-central-1:123456789012:t");

        assertThat(config.finapiAccessBaseUrl()).isEqualTo(URI.create("https://finapi.example"));
        assertThat(config.pollDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.mandatorLicence()).isEqualTo(WorkflowConfig.MandatorLicence.LICENSED);
        assertThat(config.topicArn()).isEqualTo("arn:aws:sns:eu-central-1:123456789012:t");
        assertThat(config.awsEndpoint()).isEmpty();
    }

    @Test
    void whereUsedVariables_whenNotSet_failOnlyWhenAskedForAndNameTheVariable() {
        WorkflowConfig config = TestConfig.config();

        assertThatThrownBy(config::stateMachineArn).hasMessage("missing environment variable STATE_MACHINE_ARN");
        assertThatThrownBy(config::topicArn).hasMessage("missing environment variable TOPIC_ARN");
        RefreshConfig refresh = RefreshConfig.fromEnvironment(TestConfig.environment());
        assertThatThrownBy(refresh::bucket).hasMessage("missing environment variable REFRESH_BUCKET");
        assertThatThrownBy(refresh::stateMachineArn)
                .hasMessage("missing environment variable REFRESH_STATE_MACHINE_ARN");
    }

    @Test
    void fromEnvironment_withValuesThatDoNotParse_failsNamingTheVariableNotTheValue() {
        assertThatThrownBy(() -> TestConfig.config("POLL_MIN_WAIT_SECONDS", "two"))
                .hasMessage("POLL_MIN_WAIT_SECONDS must be a whole number of seconds");
        assertThatThrownBy(() -> TestConfig.config("FINAPI_MANDATOR_LICENCE", "MAYBE"))
                .hasMessage("FINAPI_MANDATOR_LICENCE must be UNLICENSED or LICENSED");
    }
}
