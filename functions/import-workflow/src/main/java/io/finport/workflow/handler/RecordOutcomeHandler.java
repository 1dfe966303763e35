package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.delivery.OutcomeDelivery;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.task.TaskIo.NotifyResult;
import io.finport.workflow.task.TaskIo.RecordOutcomeTask;
import io.finport.workflow.task.TaskIo.RecordedAndNotified;

/**
 * Task "Record outcome and notify", where a run that left the poll loop ends: fetches and classifies the accounts,
 * records the outcome once, then delivers it (one SNS message). One task instead of two saves a state transition per
 * import; a retry after a failed publish finds the outcome recorded and calls finAPI no more.
 */
public class RecordOutcomeHandler extends TaskHandler<RecordOutcomeTask, RecordedAndNotified> {
    private final ImportService imports;
    private final OutcomeDelivery delivery;

    public RecordOutcomeHandler() {
        this(Workflow.fromEnvironment());
    }

    private RecordOutcomeHandler(Workflow workflow) {
        this(workflow.imports(), workflow.delivery());
    }

    public RecordOutcomeHandler(ImportService imports, OutcomeDelivery delivery) {
        super(RecordOutcomeTask.class);
        this.imports = imports;
        this.delivery = delivery;
    }

    @Override
    protected RecordedAndNotified handle(RecordOutcomeTask task) {
        ImportService.Recorded recorded = imports.recordOutcomeKeepingView(task.importId(), task.state());
        // The first run hands over what it wrote; a retry (outcome recorded before) reads the import once.
        NotifyResult notified =
                recorded.written().map(delivery::deliver).orElseGet(() -> delivery.deliver(task.importId()));
        return new RecordedAndNotified(recorded.outcome(), false, notified.messageId(), notified.alreadyNotified());
    }
}
