package io.finport.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.bench.FlowPopulation.Flow;
import io.finport.bench.FlowPopulation.Kind;
import io.finport.bench.FlowSimulator.Result;
import io.finport.bench.FlowSimulator.UserPhase;
import io.finport.domain.poll.AdaptivePollPolicy;
import io.finport.domain.poll.PollSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportKindsBenchmarkTest {

    /** The shape of a callback wait: Start → Choice → callback wait (timeout caught) → Check → Choice, Notify ends. */
    private static final String CALLBACK_ASL = """
            {"StartAt": "Start", "States": {
              "Start": {"Type": "Task", "Next": "Done?"},
              "Wait": {"Type": "Wait", "SecondsPath": "$.w", "Next": "Check"},
              "Callback": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                           "TimeoutSecondsPath": "$.w", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Check"}],
                           "Next": "Check"},
              "Check": {"Type": "Task", "Next": "Done?"},
              "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.s", "StringEquals": "READY", "Next": "Fetch"},
                                                     {"Variable": "$.s", "StringEquals": "CALLBACK", "Next": "Callback"}],
                        "Default": "Wait"},
              "Fetch": {"Type": "Task", "Next": "Notify"},
              "Notify": {"Type": "Task", "End": true,
                         "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
              "Failed": {"Type": "Fail"}}}
            """;

    @Test
    void shapes_whenTheAslWaitsForACallbackAndEndsInATask_countWakeTimeoutLoopAndFixedStates() throws Exception {
        var definition = new ObjectMapper().readTree(CALLBACK_ASL);

        AslCallbackShape callback = AslCallbackShape.fromDefinition(definition, "test");
        AslLoopShape loop = AslLoopShape.fromDefinition(definition, "test");

        assertThat(callback.statesPerWake()).isEqualTo(3);
        assertThat(callback.statesPerTimeout()).isEqualTo(3);
        assertThat(callback.invokesLambda()).isTrue();
        assertThat(callback.source()).startsWith("test: Callback");
        assertThat(loop.statesPerPoll()).isEqualTo(3);
        assertThat(loop.fixedStates()).isEqualTo(4); // Start, Done?, Fetch, Notify
    }

    @Test
    void callbackShape_whenTheAslHasNoCallbackWait_isTheAssumedOneAndSaysSo() throws Exception {
        var definition = new ObjectMapper().readTree("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}");

        assertThat(AslCallbackShape.fromDefinition(definition, "test")).isEqualTo(AslCallbackShape.ASSUMED);
        assertThat(AslCallbackShape.ASSUMED.source()).contains("assumed");
    }

    @Test
    void callbacks_whenNoneIsLost_seeCompletedFormsWithinOneLatencyAndExpiredOnesAtAFallbackCheck() {
        List<Flow> flows = FlowPopulation.generate(Kind.IMPORT, 2_000, 11L);

        List<Result> results = FlowSimulator.run(new UserPhase.Callbacks(300, 0), adaptive(), flows);

        for (int i = 0; i < flows.size(); i++) {
            Flow flow = flows.get(i);
            Result result = results.get(i);
            assertThat(result.timedOut()).isFalse();
            if (flow.callsBack()) {
                // the callback, or a fallback check that came in the second before it
                assertThat(result.userDelay()).isBetween(0.0, FlowPopulation.CALLBACK_LATENCY_SECONDS + 1e-9);
                assertThat(result.callbackWakes()).isLessThanOrEqualTo(1);
                if (result.callbackWakes() == 1) {
                    assertThat(result.userDelay()).isCloseTo(FlowPopulation.CALLBACK_LATENCY_SECONDS, within(1e-9));
                }
            } else {
                assertThat(result.callbackWakes()).isZero();
                assertThat(flow.finalSeconds() % 300).isZero(); // 20 minutes: a fallback check sees it at once
                assertThat(result.userDelay()).isZero();
            }
            assertThat(result.waits()).isEqualTo(result.callbackWakes() + result.timeouts());
        }
        long calledBack = flows.stream().filter(Flow::callsBack).count();
        long woken = results.stream().mapToInt(Result::callbackWakes).sum();
        assertThat(woken).isGreaterThan(calledBack * 95 / 100);
    }

    @Test
    void callbacks_whenLost_areMadeUpForByTheNextFallbackCheck() {
        List<Flow> flows = FlowPopulation.generate(Kind.UNLICENSED_UPDATE, 2_000, 11L);

        List<Result> results = FlowSimulator.run(new UserPhase.Callbacks(60, 1.0), adaptive(), flows);

        for (int i = 0; i < flows.size(); i++) {
            double seenAt = flows.get(i).finalSeconds() + results.get(i).userDelay();
            assertThat(results.get(i).callbackWakes()).isZero();
            assertThat(seenAt % 60).isZero();
            assertThat(results.get(i).userDelay()).isBetween(0.0, 60.0);
        }
    }

    @Test
    void pollingEveryTwoSeconds_checksTheFormAboutEveryTwoSecondsUntilItIsFinal() {
        List<Flow> flows = FlowPopulation.generate(Kind.IMPORT, 500, 5L);

        List<Result> results = FlowSimulator.run(
                new UserPhase.Polling(new FixedIntervalPollPolicy(Duration.ofSeconds(2))), adaptive(), flows);

        for (int i = 0; i < flows.size(); i++) {
            int formChecks = (int) Math.ceil(flows.get(i).finalSeconds() / 2);
            assertThat(results.get(i).pollChecks()).isGreaterThanOrEqualTo(formChecks);
            assertThat(results.get(i).userDelay()).isBetween(0.0, 2.0);
            assertThat(results.get(i).delay())
                    .isGreaterThanOrEqualTo(results.get(i).userDelay());
        }
    }

    @Test
    void setup_whenTheTemplateHasACallbackFallbackDefault_usesItAndNamesIt(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("template.yaml"), """
                Parameters:
                  PollMinWaitSeconds:
                    Type: Number
                    Default: 2
                  CallbackFallbackSeconds:
                    Type: Number
                    Default: 240
                    MinValue: 2
                """);

        ImportKindsBenchmark.Setup setup = ImportKindsBenchmark.Setup.of(root);

        assertThat(setup.fallbackSeconds()).isEqualTo(240);
        assertThat(setup.fallbackSource()).contains("CallbackFallbackSeconds");
        assertThat(setup.callback()).isEqualTo(AslCallbackShape.ASSUMED);
    }

    @Test
    void breakEvenLatency_separatesFasterFromSlowerCallbacks_andALongerLatencyIsNeverFaster() throws Exception {
        ImportKindsBenchmark.Setup setup =
                ImportKindsBenchmark.Setup.of(Path.of("..").toAbsolutePath());
        ImportKindsBenchmark.Table table = ImportKindsBenchmark.table(FlowPopulation.Kind.IMPORT, 2000, 7, setup);
        double polling = table.rows().get(ImportKindsBenchmark.BASELINE).delay().mean();

        double breakEven = ImportKindsBenchmark.breakEvenLatency(table, setup);

        assertThat(breakEven).isBetween(0.0, 10.0);
        assertThat(ImportKindsBenchmark.callbackDelay(table, setup, breakEven)).isLessThan(polling);
        assertThat(ImportKindsBenchmark.callbackDelay(table, setup, breakEven + 0.02))
                .isGreaterThanOrEqualTo(polling);
        assertThat(ImportKindsBenchmark.callbackDelay(table, setup, 3.0))
                .isGreaterThan(ImportKindsBenchmark.callbackDelay(table, setup, 0.5));
    }

    private static AdaptivePollPolicy adaptive() {
        return new AdaptivePollPolicy(PollSettings.defaults());
    }
}
