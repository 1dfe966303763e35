package io.finport.sandbox;

/** A scenario file is malformed; {@link #field()} names the offending field, e.g. {@code accounts[1].status}. */
public final class ScenarioValidationException extends IllegalArgumentException {
    private final String field;

    public ScenarioValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
