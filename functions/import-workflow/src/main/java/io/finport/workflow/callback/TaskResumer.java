package io.finport.workflow.callback;

/** Resumes a Step Functions task that waits for its task token. */
public interface TaskResumer {
    /** True when the waiting task was resumed; false when the token no longer waits (timed out, execution ended). */
    boolean resume(String taskToken);
}
