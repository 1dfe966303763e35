package io.finport.workflow.handler;

import io.finport.finapi.FinapiException;
import io.finport.workflow.callback.CallbackAlreadyArrivedException;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.notify.ImportFailedException;
import io.finport.workflow.notify.NotificationUnavailableException;
import io.finport.workflow.store.ImportNotFoundException;
import io.finport.workflow.store.StoreUnavailableException;

/**
 * What a task may let escape into Step Functions. The error type (class name) and message end up in the execution
 * history, which many people can read. Our own exceptions carry only safe fields, so they pass unchanged (the state
 * machine matches them by name). Anything else, a library exception whose message may quote a response body, is
 * replaced by {@link UnexpectedTaskException} naming only the original class.
 */
public final class TaskErrors {
    private TaskErrors() {}

    public static RuntimeException sanitize(RuntimeException e, StructuredLog log) {
        if (e instanceof FinapiException
                || e instanceof StoreUnavailableException
                || e instanceof ImportNotFoundException
                || e instanceof NotificationUnavailableException
                || e instanceof CallbackAlreadyArrivedException
                || e instanceof ImportFailedException
                || e instanceof UnexpectedTaskException) {
            return e;
        }
        StackTraceElement top = e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null;
        log.error(
                "task failed unexpectedly",
                "error",
                e.getClass().getName(),
                "at",
                top == null ? "unknown" : top.getClassName() + ":" + top.getLineNumber());
        return new UnexpectedTaskException(e.getClass().getName());
    }

    /** An unexpected failure, reported without the original message or cause. */
    public static final class UnexpectedTaskException extends RuntimeException {
        public UnexpectedTaskException(String originalType) {
            super("unexpected " + originalType, null, false, false);
        }
    }
}
