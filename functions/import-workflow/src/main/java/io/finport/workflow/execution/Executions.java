package io.finport.workflow.execution;

import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * Our state machine's executions. An import's execution is named by its import id and started with a fixed input, so
 * its ARN is known before it starts, and starting it is idempotent: Step Functions answers a StartExecution with the
 * name and input of a running STANDARD execution with that execution, and refuses it (ExecutionAlreadyExists) once the
 * execution is closed. That answer tells whether the execution holding a connection lock is still running, with the
 * one permission the API already has (states:StartExecution on this state machine; no DescribeExecution grant exists
 * among SAM's policy templates).
 */
public class Executions {
    private final Supplier<SfnClient> sfn;
    private final Supplier<String> stateMachineArn;

    public Executions(Supplier<SfnClient> sfn, String stateMachineArn) {
        this(sfn, () -> stateMachineArn);
    }

    /** The state machine's ARN read when an execution is first named (by a function whose wiring may never do so). */
    public Executions(Supplier<SfnClient> sfn, Supplier<String> stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /** The execution input of an import: its id and nothing else (no data travels through Step Functions). */
    public static String input(String importId) {
        return "{\"importId\":\"" + importId + "\"}";
    }

    /** arn:aws:states:R:A:stateMachine:NAME → arn:aws:states:R:A:execution:NAME:importId */
    public String arnOf(String importId) {
        return stateMachineArn.get().replaceFirst(":stateMachine:", ":execution:") + ":" + importId;
    }

    /**
     * True only when the import's execution is known to be closed (succeeded, failed, timed out or aborted). A running
     * one answers the idempotent start; one that was never started is started now, which is what its import awaited.
     * When Step Functions cannot be asked the holder is presumed alive: its lease still bounds the wait.
     */
    public boolean isOver(String importId) {
        try {
            sfn.get()
                    .startExecution(b -> b.stateMachineArn(stateMachineArn.get())
                            .name(importId)
                            .input(input(importId)));
            return false;
        } catch (ExecutionAlreadyExistsException e) {
            return true;
        } catch (SdkException e) {
            return false;
        }
    }
}
