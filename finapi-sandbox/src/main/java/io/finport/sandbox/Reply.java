package io.finport.sandbox;

/**
 * An HTTP answer before serialization. {@code body} is a String sent verbatim, or any other object sent as JSON.
 * {@code scenarioId} is only for the request log.
 */
record Reply(int status, Object body, String contentType, String scenarioId) {
    static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    static Reply json(int status, Object body) {
        return new Reply(status, body, JSON, null);
    }

    Reply withScenario(String id) {
        return new Reply(status, body, contentType, id);
    }

    /** Thrown from deep inside request handling to answer early (auth failures, validation). No stack trace. */
    static final class Halt extends RuntimeException {
        final Reply reply;

        Halt(Reply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }
}
