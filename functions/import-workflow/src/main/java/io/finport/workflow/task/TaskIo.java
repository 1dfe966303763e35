package io.finport.workflow.task;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.finport.domain.Outcome;
import io.finport.domain.poll.PollLoopState;

/**
 * Inputs and outputs of the Step Functions tasks. Only ids, states and counters: account data, credentials and
 * tokens never travel through execution input or output (anyone with states:GetExecutionHistory can read those).
 */
public final class TaskIo {
    private TaskIo() {}

    /** Every task input names its import and execution, which the handler base uses for log correlation. */
    public interface TaskInput {
        String importId();

        String executionName();
    }

    /** Input of Start import. */
    public record ImportTask(String importId, String executionName) implements TaskInput {}

    /** Input of Notify; unexpected (the run failed unexpectedly) makes Notify end the execution failed after publishing. */
    public record NotifyTask(String importId, String executionName, Boolean unexpected) implements TaskInput {}

    /** Input of Check status; attempt is the 1-based number of this check, counted by the state machine. */
    public record CheckStatusTask(String importId, String executionName, int attempt) implements TaskInput {}

    /** What the Choice state routes on, and the wait before the next check. */
    public record PollResult(PollLoopState state, int attempt, long nextWaitSeconds) {}

    /** Input of Record outcome and notify: the poll state that ended the loop. */
    public record RecordOutcomeTask(String importId, String executionName, PollLoopState state) implements TaskInput {}

    /**
     * Output of Record outcome and notify: the outcome (unexpected is always false here, the shape of {@link
     * FailureResult}) and the SNS message that announced it.
     */
    public record RecordedAndNotified(Outcome outcome, boolean unexpected, String messageId, boolean alreadyNotified) {}

    /** The error object a Catch puts at $.error. */
    public record TaskError(
            @JsonProperty("Error") String error,
            @JsonProperty("Cause") String cause) {}

    public record RecordFailureTask(String importId, String executionName, TaskError error) implements TaskInput {}

    /** unexpected = the error was not a finAPI answer we understand: the execution then ends failed, after notifying. */
    public record FailureResult(Outcome outcome, boolean unexpected) {}

    public record NotifyResult(String messageId, boolean alreadyNotified) {}
}
