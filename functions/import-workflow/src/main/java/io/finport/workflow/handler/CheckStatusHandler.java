package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.task.TaskIo.CheckStatusTask;
import io.finport.workflow.task.TaskIo.PollResult;

/** Task "Check status": one look at the web form or the connection, and the wait until the next look. */
public class CheckStatusHandler extends TaskHandler<CheckStatusTask, PollResult> {
    private final ImportService imports;

    public CheckStatusHandler() {
        this(Workflow.fromEnvironment().imports());
    }

    public CheckStatusHandler(ImportService imports) {
        super(CheckStatusTask.class);
        this.imports = imports;
    }

    @Override
    protected PollResult handle(CheckStatusTask task) {
        return imports.check(task.importId(), task.attempt());
    }
}
