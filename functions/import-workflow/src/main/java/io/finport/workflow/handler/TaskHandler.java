package io.finport.workflow.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.task.TaskCodec;
import io.finport.workflow.task.TaskIo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Base of every Step Functions task handler: decodes the task record, sets log correlation, encodes the result.
 * Stream-based so the same JSON rules apply on AWS and in the local stack ({@link TaskCodec}: the task records are
 * flat, so Jackson's streaming API reads and writes them without loading its object mapper).
 */
public abstract class TaskHandler<I extends TaskIo.TaskInput, O> implements RequestStreamHandler {
    private static final StructuredLog LOG = StructuredLog.of(TaskHandler.class);
    private final Class<I> inputType;

    protected TaskHandler(Class<I> inputType) {
        this.inputType = inputType;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        I task;
        try {
            task = TaskCodec.read(input, inputType);
        } catch (IOException e) {
            // The message names the type only: the raw input is not echoed into logs or execution history.
            throw new IllegalArgumentException("task input is not a valid " + inputType.getSimpleName());
        }
        StructuredLog.correlate(Invocations.requestId(context), task.importId(), task.executionName());
        try {
            TaskCodec.write(output, handle(task));
        } catch (RuntimeException e) {
            throw TaskErrors.sanitize(e, LOG);
        } finally {
            StructuredLog.clearCorrelation();
        }
    }

    protected abstract O handle(I task);
}
