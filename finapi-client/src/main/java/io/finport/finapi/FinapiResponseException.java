package io.finport.finapi;

/**
 * finAPI answered with a success status but the body could not be used (not JSON, malformed, or missing required
 * fields), or with a status this client does not expect. Not transient: the same call will likely fail again.
 */
public class FinapiResponseException extends FinapiException {

    private static final long serialVersionUID = 1L;

    private final String problem;

    /**
     * @param problem a fixed description written by this client (never response content), e.g. "missing field id"
     */
    public FinapiResponseException(int httpStatus, String endpoint, String requestId, String problem) {
        super(
                "finAPI response unusable",
                httpStatus,
                null,
                endpoint,
                requestId,
                null,
                problem == null ? null : "problem=" + problem,
                null);
        this.problem = problem;
    }

    public String problem() {
        return problem;
    }
}
