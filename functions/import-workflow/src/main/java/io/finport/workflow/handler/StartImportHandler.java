package io.finport.workflow.handler;

import io.finport.workflow.Workflow;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.task.TaskIo.ImportTask;
import io.finport.workflow.task.TaskIo.PollResult;

/** Task "Start import": creates the web form, triggers the update (joining a running one on 423), or adopts a TRACK. */
public class StartImportHandler extends TaskHandler<ImportTask, PollResult> {
    private final ImportService imports;

    public StartImportHandler() {
        this(Workflow.fromEnvironment().imports());
    }

    public StartImportHandler(ImportService imports) {
        super(ImportTask.class);
        this.imports = imports;
    }

    @Override
    protected PollResult handle(ImportTask task) {
        return imports.start(task.importId());
    }
}
