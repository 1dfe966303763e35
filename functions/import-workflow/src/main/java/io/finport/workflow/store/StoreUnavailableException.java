package io.finport.workflow.store;

/**
 * DynamoDB could not be reached or throttled us after the SDK's own retries. The state machine retries this
 * class by name (statemachine/import-workflow.asl.json), so the name is a contract.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String operation, Throwable cause) {
        super(
                "DynamoDB unavailable during " + operation
                        + (cause == null ? "" : ": " + cause.getClass().getSimpleName()),
                cause);
    }
}
