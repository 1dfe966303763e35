package io.finport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** template.yaml passes every guard of {@link TemplateGuards}, and each guard catches the defect it is there for. */
class TemplateGuardsTest {
    private ObjectNode template;

    @BeforeEach
    void load() throws IOException {
        template = CfnYaml.load(RepoRoot.template());
    }

    @Test
    void template_whenChecked_passesEveryGuard() {
        assertThat(new TemplateGuards(template).problems()).isEmpty();
    }

    @Test
    void rules_whenMinWaitExceedsMaxWait_rejectTheParameters() {
        TemplateGuards guards = new TemplateGuards(template);
        assertThat(guards.rulesAccept(Map.of("PollMinWaitSeconds", "5", "PollMaxWaitSeconds", "4")))
                .isFalse();
        assertThat(guards.rulesAccept(Map.of("PollMinWaitSeconds", "5", "PollMaxWaitSeconds", "5")))
                .isTrue();
        assertThat(guards.rulesAccept(Map.of("PollMinWaitSeconds", "1", "PollMaxWaitSeconds", "900")))
                .isTrue();
    }

    @Test
    void guards_whenDefaultMinWaitExceedsDefaultMaxWait_fail() {
        parameter("PollMinWaitSeconds").put("Default", 10);
        parameter("PollMaxWaitSeconds").put("Default", 5);
        assertThat(problems())
                .contains("the default parameters break the Rules", "default min wait > default max wait");
    }

    @Test
    void guards_whenAnAssertionIsMissing_fail() {
        ArrayNode assertions = (ArrayNode) template.at("/Rules/PollWaitsInOrder/Assertions");
        assertions.remove(3);
        assertThat(problems()).anyMatch(p -> p.startsWith("Rules decide min <= max wrongly"));
    }

    @Test
    void guards_whenAFinapiUrlDefaultsToHttp_fail() {
        parameter("FinapiAccessBaseUrl").put("Default", "http://sandbox.finapi.io");
        parameter("FinapiWebFormBaseUrl").put("AllowedPattern", "^https?://[^\\s]+$");
        assertThat(problems())
                .contains("FinapiAccessBaseUrl default is not https://", "FinapiWebFormBaseUrl accepts http://");
    }

    @Test
    void guards_whenTheSecretArnMayBePartial_fail() {
        parameter("FinapiClientSecretArn")
                .put("AllowedPattern", "^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$");
        assertThat(problems()).anyMatch(p -> p.startsWith("FinapiClientSecretArn accepts a partial ARN"));
    }

    @Test
    void guards_whenLoggingOrTheApiStageOrTheApiTimeoutRegress_fail() {
        ((ObjectNode) template.at("/Globals/Function/LoggingConfig")).put("SystemLogLevel", "WARN");
        ((ObjectNode) template.at("/Globals/Api")).remove("OpenApiVersion");
        ((ObjectNode) template.at("/Globals/Function/Environment/Variables"))
                .put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
        ((ObjectNode) template.at("/Resources/ImportApiFunction/Properties")).put("Timeout", 30);
        ((ObjectNode) template.at("/Resources/NotifyOutcomeFunction/Properties")).remove("LoggingConfig");
        ((ObjectNode) template.path("Resources"))
                .putObject("KeyAdministrationHint")
                .put("Arn", "arn:aws:iam::123456789012:root");
        List<String> problems = problems();
        assertThat(problems)
                .anyMatch(p -> p.startsWith("SystemLogLevel"))
                .anyMatch(p -> p.startsWith("Globals.Api.OpenApiVersion"))
                .anyMatch(p -> p.contains("JAVA_TOOL_OPTIONS"))
                .contains(
                        "ImportApiFunction Timeout 30 s: API Gateway answers 504 after 29 s",
                        "NotifyOutcomeFunction has no explicit log group",
                        "/Resources/KeyAdministrationHint/Arn hard-codes arn:aws:");
    }

    @Test
    void stateMachine_whenNamingServiceIntegrations_usesThePartitionOfTheStack() throws IOException {
        String definition = Files.readString(RepoRoot.find().resolve("statemachine/import-workflow.asl.json"));
        List<String> problems = new ArrayList<>();
        TemplateGuards.partition(new com.fasterxml.jackson.databind.ObjectMapper().readTree(definition), "", problems);
        assertThat(problems).isEmpty();
        assertThat(definition).contains("arn:${Partition}:states:::lambda:invoke");
        assertThat(template.at("/Resources/ImportStateMachine/Properties/DefinitionSubstitutions/Partition/Ref")
                        .asText())
                .isEqualTo("AWS::Partition");
    }

    private ObjectNode parameter(String name) {
        return (ObjectNode) template.at("/Parameters/" + name);
    }

    private List<String> problems() {
        return new TemplateGuards(template).problems();
    }
}
