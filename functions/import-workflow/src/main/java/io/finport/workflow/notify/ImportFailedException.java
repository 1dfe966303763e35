package io.finport.workflow.notify;

/**
 * Thrown by Notify after it published the outcome of a run that failed unexpectedly: the state machine catches it by
 * this name and ends the execution failed (so Notify is the last state of every other run, with no Choice after it).
 */
public class ImportFailedException extends RuntimeException {
    public ImportFailedException() {
        super("an unexpected error ended the import; its outcome was recorded and notified", null, false, false);
    }
}
