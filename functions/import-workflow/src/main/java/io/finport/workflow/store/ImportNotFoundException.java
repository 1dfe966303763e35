package io.finport.workflow.store;

/** A task was started for an import id that has no record (a hand-made execution, or a deleted record). */
public class ImportNotFoundException extends RuntimeException {
    public ImportNotFoundException(String importId) {
        super("no import record " + importId);
    }
}
