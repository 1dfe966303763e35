package io.finport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.domain.poll.AdaptivePollPolicy;
import io.finport.domain.poll.PollSettings;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollingBenchmarkTest {

    private static final int IMPORTS = 500;
    private static final long SEED = 7L;

    @Test
    void adaptive_whenRunOnSmallPopulation_keepsWaitsWithinBoundsAndDelaysNonNegative() {
        PollSettings settings = PollSettings.defaults();
        List<SimulatedImport> imports = ImportPopulation.generate(IMPORTS, SEED);

        PollingSimulator.Run run = PollingSimulator.run("adaptive", new AdaptivePollPolicy(settings), imports);

        assertThat(run.minWaitSeconds())
                .isGreaterThanOrEqualTo(settings.minWait().toSeconds());
        assertThat(run.maxWaitSeconds()).isLessThanOrEqualTo(settings.maxWait().toSeconds());
        assertThat(run.timedOut()).isZero();
        assertThat(Arrays.stream(run.delaySeconds()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(run.calls()).min().orElseThrow()).isPositive();
    }

    @Test
    void run_whenSameSeed_isDeterministic() {
        AslLoopShape shape = AslLoopShape.ASSUMED;

        PollingBenchmark.Report first = PollingBenchmark.run(IMPORTS, SEED, shape);
        PollingBenchmark.Report second = PollingBenchmark.run(IMPORTS, SEED, shape);

        assertThat(second.durations()).containsExactly(first.durations());
        for (int i = 0; i < first.policies().size(); i++) {
            assertThat(second.policies().get(i).callsMean())
                    .isEqualTo(first.policies().get(i).callsMean());
            assertThat(second.policies().get(i).delays())
                    .containsExactly(first.policies().get(i).delays());
        }
    }

    @Test
    void generate_whenSeeded_spreadsFromSecondsToFifteenMinutesMostlyUnderAMinute() {
        double[] durations = ImportPopulation.generate(10_000, PollingBenchmark.DEFAULT_SEED).stream()
                .mapToDouble(SimulatedImport::durationSeconds)
                .toArray();

        assertThat(Arrays.stream(durations).min().orElseThrow()).isGreaterThanOrEqualTo(ImportPopulation.MIN_SECONDS);
        assertThat(Arrays.stream(durations).max().orElseThrow()).isLessThanOrEqualTo(ImportPopulation.MAX_SECONDS);
        assertThat(Arrays.stream(durations).filter(d -> d < 60).count()).isGreaterThan(durations.length / 2);
    }

    @Test
    void fixedPolicies_whenRun_neverDetectBeforeReadyAndNeverTimeOut() {
        PollingBenchmark.Report report = PollingBenchmark.run(IMPORTS, SEED, AslLoopShape.ASSUMED);

        assertThat(report.policies()).allSatisfy(p -> {
            assertThat(p.timedOut()).isZero();
            assertThat(Arrays.stream(p.delays()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        });
        assertThat(report.policy("fixed 5 s").callsMean())
                .isGreaterThan(report.policy("fixed 30 s").callsMean());
    }

    @Test
    void fromDefinition_whenLoopIsWaitTaskChoice_countsThreePerPollPlusPathOutside() throws Exception {
        String asl = """
                {"StartAt": "Start", "States": {
                  "Start": {"Type": "Task", "Next": "Wait"},
                  "Wait": {"Type": "Wait", "SecondsPath": "$.w", "Next": "Check"},
                  "Check": {"Type": "Task", "Next": "Done?"},
                  "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.s", "StringEquals": "READY", "Next": "Fetch"},
                                                         {"Variable": "$.s", "StringEquals": "FAILED", "Next": "Boom"}],
                            "Default": "Wait"},
                  "Boom": {"Type": "Fail"},
                  "Fetch": {"Type": "Task", "Next": "Notify"},
                  "Notify": {"Type": "Task", "Next": "Ok"},
                  "Ok": {"Type": "Succeed"}}}
                """;

        AslLoopShape shape = AslLoopShape.fromDefinition(new ObjectMapper().readTree(asl), "test");

        assertThat(shape.statesPerPoll()).isEqualTo(3);
        assertThat(shape.fixedStates()).isEqualTo(4);
        assertThat(shape.transitions(2)).isEqualTo(10);
    }

    @Test
    void load_whenReadingTheShippedStateMachine_countsTheLoopAndTheFewStatesAroundIt() {
        java.nio.file.Path asl = java.nio.file.Path.of("../statemachine/import-workflow.asl.json");

        AslLoopShape shape = AslLoopShape.load(asl);

        assertThat(shape.source()).as("read from the file, not assumed").startsWith("import-workflow.asl.json");
        assertThat(shape.statesPerPoll()).isEqualTo(3); // Wait, Check status, Is finAPI done?
        // Start import, Is finAPI done?, then Record outcome and notify (the last state).
        assertThat(shape.fixedStates()).isEqualTo(3);
    }

    @Test
    void fromDefinition_whenTheLastTaskEndsTheExecution_countsItAsTheEnd() throws Exception {
        String asl = """
                {"StartAt": "Start",
                 "States": {
                  "Start": {"Type": "Task", "Next": "Done?"},
                  "Done?": {"Type": "Choice",
                            "Choices": [{"Variable": "$.s", "StringEquals": "READY", "Next": "Notify"}],
                            "Default": "Wait"},
                  "Wait": {"Type": "Wait", "Seconds": 1, "Next": "Check"},
                  "Check": {"Type": "Task", "Next": "Done?"},
                  "Notify": {"Type": "Task", "End": true}}}
                """;

        AslLoopShape shape = AslLoopShape.fromDefinition(new ObjectMapper().readTree(asl), "test");

        assertThat(shape.statesPerPoll()).isEqualTo(3);
        assertThat(shape.fixedStates()).isEqualTo(3);
    }

    @Test
    void load_whenFileMissing_fallsBackToAssumedShape() {
        assertThat(AslLoopShape.load(java.nio.file.Path.of("does-not-exist.asl.json")))
                .isEqualTo(AslLoopShape.ASSUMED);
    }
}
