package io.finport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.domain.poll.PollBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Time limits that line up between template.yaml, the state machine and the Lambda code: a Task outlives its function
 * (so the function's own timeout, Sandbox.Timedout, is what fires, and the read-only step retries it), and the
 * attempt cap is never reached before the deadline for any allowed parameter values.
 */
class TimeoutAlignmentTest {
    /** Time Step Functions needs beyond the function's own timeout to receive its error (invoke, cold start). */
    static final int TASK_MARGIN_SECONDS = 10;
    /** Steps that only read finAPI: retrying one repeats nothing finAPI sees as a new action. */
    static final List<String> READ_ONLY_STEPS = List.of("Check status");

    private ObjectNode template;
    private JsonNode definition;

    @BeforeEach
    void load() throws IOException {
        template = CfnYaml.load(RepoRoot.template());
        definition = new ObjectMapper().readTree(Files.readString(RepoRoot.stateMachine()));
    }

    @Test
    void tasks_whenTimed_outliveTheirFunctionByAMargin() {
        assertThat(taskTimeoutProblems()).isEmpty();
    }

    @Test
    void tasks_whenTheFunctionOutlivesTheTask_areReported() {
        ((ObjectNode) template.at("/Resources/CheckStatusFunction/Properties")).put("Timeout", 55);
        assertThat(taskTimeoutProblems())
                .containsExactly("Check status: TimeoutSeconds 60 < function timeout 55 + 10 s");
    }

    @Test
    void readOnlySteps_whenTheirFunctionTimesOut_retryItLikeATransientError() {
        for (String step : READ_ONLY_STEPS) {
            List<String> transientRetried = new ArrayList<>();
            definition.at("/States/" + step + "/Retry").forEach(retrier -> {
                List<String> errors = new ArrayList<>();
                retrier.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
                if (errors.contains("io.finport.finapi.FinapiTransientException")) transientRetried.addAll(errors);
            });
            assertThat(transientRetried)
                    .as(step + ": errors retried with the transient ones")
                    .contains("Sandbox.Timedout", "States.Timeout");
        }
    }

    @Test
    void attemptCap_atTheParameterExtremes_isNeverReachedBeforeTheDeadline() {
        assertThat(PollBudget.MAX_CHECKS).as("the state machine's attempt cap").isEqualTo(attemptCap(definition));
        assertThat(capProblems(attemptCap(definition))).isEmpty();
    }

    @Test
    void attemptCap_whenBelowDeadlineDividedByMinWait_isReported() {
        assertThat(capProblems(200)).isNotEmpty().allMatch(p -> p.contains("more than the cap of 200"));
    }

    /** Every combination of the deadline and minimum wait extremes (and defaults) the template allows. */
    private List<String> capProblems(int cap) {
        JsonNode deadline = template.at("/Parameters/PollDeadlineSeconds");
        JsonNode min = template.at("/Parameters/PollMinWaitSeconds");
        JsonNode max = template.at("/Parameters/PollMaxWaitSeconds");
        List<String> problems = new ArrayList<>();
        for (String d : List.of("MinValue", "Default", "MaxValue")) {
            for (String m : List.of("MinValue", "Default", "MaxValue")) {
                for (String x : List.of("Default", "MaxValue")) {
                    long deadlineSeconds = deadline.path(d).asLong();
                    long minSeconds = min.path(m).asLong();
                    long maxSeconds = Math.max(minSeconds, max.path(x).asLong());
                    PollBudget budget = PollBudget.of(
                            Duration.ofSeconds(deadlineSeconds),
                            Duration.ofSeconds(minSeconds),
                            Duration.ofSeconds(maxSeconds));
                    if (budget.checksUntilDeadline() > cap) {
                        problems.add("deadline " + deadlineSeconds + " s, min wait " + minSeconds + " s: up to "
                                + budget.checksUntilDeadline() + " checks, more than the cap of " + cap);
                    }
                }
            }
        }
        return problems;
    }

    private List<String> taskTimeoutProblems() {
        List<String> problems = new ArrayList<>();
        int globalTimeout = template.at("/Globals/Function/Timeout").asInt(3);
        definition.path("States").properties().forEach(e -> {
            JsonNode task = e.getValue();
            if (!task.path("Type").asText().equals("Task")) return;
            String placeholder = task.at("/Parameters/FunctionName").asText().replaceAll("^\\$\\{(\\w+)}$", "$1");
            String function = template.at(
                            "/Resources/ImportStateMachine/Properties/DefinitionSubstitutions/" + placeholder + "/Ref")
                    .asText()
                    .replaceFirst("\\.Alias$", "");
            assertThat(template.at("/Resources/" + function).isMissingNode())
                    .as(e.getKey() + " function")
                    .isFalse();
            // A callback wait's timeout is the fallback wait (TimeoutSecondsPath), not its function's budget.
            if (task.path("Resource").asText().endsWith(".waitForTaskToken")) return;
            int functionTimeout = template.at("/Resources/" + function + "/Properties/Timeout")
                    .asInt(globalTimeout);
            int taskTimeout = task.path("TimeoutSeconds").asInt(0);
            if (taskTimeout < functionTimeout + TASK_MARGIN_SECONDS) {
                problems.add(e.getKey() + ": TimeoutSeconds " + taskTimeout + " < function timeout " + functionTimeout
                        + " + " + TASK_MARGIN_SECONDS + " s");
            }
        });
        return problems;
    }

    private static int attemptCap(JsonNode definition) {
        List<Integer> caps = new ArrayList<>();
        definition
                .path("States")
                .forEach(state -> state.path("Choices").forEach(rule -> {
                    if (rule.path("Variable").asText().equals("$.poll.attempt")
                            && rule.has("NumericGreaterThanEquals")) {
                        caps.add(rule.path("NumericGreaterThanEquals").asInt());
                    }
                }));
        assertThat(caps).as("attempt caps in the state machine").hasSize(1);
        return caps.get(0);
    }
}
