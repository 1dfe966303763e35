package io.finport.workflow.handler;

import io.finport.domain.Outcome;
import io.finport.workflow.Workflow;
import io.finport.workflow.service.FailureClassifier;
import io.finport.workflow.service.FailureClassifier.Verdict;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.task.TaskIo.FailureResult;
import io.finport.workflow.task.TaskIo.RecordFailureTask;

/** Task "Record failure" (the Catch path): records what the error means, so every run ends recorded and notified. */
public class RecordFailureHandler extends TaskHandler<RecordFailureTask, FailureResult> {
    private final ImportService imports;
    private final FailureClassifier failures;

    public RecordFailureHandler() {
        this(Workflow.fromEnvironment());
    }

    private RecordFailureHandler(Workflow workflow) {
        this(workflow.imports(), workflow.failures());
    }

    public RecordFailureHandler(ImportService imports, FailureClassifier failures) {
        super(RecordFailureTask.class);
        this.imports = imports;
        this.failures = failures;
    }

    @Override
    protected FailureResult handle(RecordFailureTask task) {
        Verdict verdict = failures.classify(task.error());
        Outcome outcome = imports.recordFailure(task.importId(), verdict.outcome(), verdict.reason());
        return new FailureResult(outcome, verdict.unexpected());
    }
}
