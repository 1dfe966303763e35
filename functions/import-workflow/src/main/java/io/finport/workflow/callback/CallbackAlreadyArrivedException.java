package io.finport.workflow.callback;

/**
 * Thrown by the task that registers the run's task token when finAPI's callback came before it: the task then
 * fails at once and the state machine's Catch goes on to the status check (no IAM permission to resume itself needed,
 * which would make the state machine and this function depend on each other). The state machine names this class.
 */
public class CallbackAlreadyArrivedException extends RuntimeException {
    public CallbackAlreadyArrivedException() {
        super("the finAPI callback arrived before the wait started", null, false, false);
    }
}
