package io.finport.workflow.task;

/**
 * Inputs of the refresh state machine's tasks: ids and flags only. {@code importId()} feeds log correlation: the
 * refresh id for run-level tasks, the child import's id for the item tasks once it has one.
 */
public final class RefreshTaskIo {
    private RefreshTaskIo() {}

    public record BuildManifestTask(String refreshId, String executionName) implements TaskIo.TaskInput {
        @Override
        public String importId() {
            return refreshId;
        }
    }

    public record PrepareItemTask(String refreshId, String callerId, long bankConnectionId, String executionName)
            implements TaskIo.TaskInput {
        @Override
        public String importId() {
            return refreshId;
        }
    }

    public record RecordItemTask(String refreshId, long bankConnectionId, String importId, String executionName)
            implements TaskIo.TaskInput {}

    public record RecordItemResult(long bankConnectionId, String outcome) {}

    public record CompleteTask(String refreshId, boolean runFailed, String resultsLocation, String executionName)
            implements TaskIo.TaskInput {
        @Override
        public String importId() {
            return refreshId;
        }
    }
}
