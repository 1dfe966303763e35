package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.task.TaskIo.OutcomeResult;
import io.finport.workflow.task.TaskIo.RecordOutcomeTask;

/** Task "Fetch accounts and record outcome": classifies the accounts and records the outcome once. */
public class RecordOutcomeHandler extends TaskHandler<RecordOutcomeTask, OutcomeResult> {
    private final ImportService imports;

    public RecordOutcomeHandler() {
        this(Workflow.fromEnvironment().imports());
    }

    public RecordOutcomeHandler(ImportService imports) {
        super(RecordOutcomeTask.class);
        this.imports = imports;
    }

    @Override
    protected OutcomeResult handle(RecordOutcomeTask task) {
        return new OutcomeResult(imports.recordOutcome(task.importId(), task.state()), false);
    }
}
