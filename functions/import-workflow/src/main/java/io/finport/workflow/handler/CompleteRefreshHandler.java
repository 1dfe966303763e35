package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.refresh.RefreshCompletion;
import io.finport.workflow.refresh.RefreshCompletion.Completed;
import io.finport.workflow.task.RefreshTaskIo.CompleteTask;

/** Refresh task "Complete refresh": ends the record and publishes the run's one SNS message. */
public class CompleteRefreshHandler extends TaskHandler<CompleteTask, Completed> {
    private final RefreshCompletion completion;

    public CompleteRefreshHandler() {
        this(Workflow.fromEnvironment().refreshes().completion());
    }

    public CompleteRefreshHandler(RefreshCompletion completion) {
        super(CompleteTask.class);
        this.completion = completion;
    }

    @Override
    protected Completed handle(CompleteTask task) {
        return completion.complete(task.refreshId(), task.runFailed(), task.resultsLocation());
    }
}
