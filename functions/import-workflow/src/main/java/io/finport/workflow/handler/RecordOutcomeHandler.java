package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.task.TaskIo.OutcomeResult;
import io.finport.workflow.task.TaskIo.RecordOutcomeTask;

/** Task "Fetch accounts and record outcome": classifies the accounts and records the outcome once. */
public class RecordOutcomeHandler extends TaskHandler<RecordOutcomeTask, OutcomeResult> {
    private final ImportService imports;

    public RecordOutcomeHandler() {
        this(Workflow.fromEnvironment());
    }

    public RecordOutcomeHandler(Workflow workflow) {
        super(RecordOutcomeTask.class);
        this.imports = workflow.imports();
    }

    @Override
    protected OutcomeResult handle(RecordOutcomeTask task) {
        return new OutcomeResult(imports.recordOutcome(task.importId(), task.state()), false);
    }
}
