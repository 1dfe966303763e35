package io.finport.workflow.refresh;

/** Where a refresh run stands (GET /refreshes/{id}, DynamoDB and SNS; the constant names are the spelling). */
public enum RefreshStatus {
    /** Accepted; the manifest is not written yet. */
    PENDING,
    /** The manifest is written and its connections are being updated. */
    RUNNING,
    /** Every connection was dealt with. */
    COMPLETED,
    /** The run itself failed (tolerated failures exceeded, or it could not run). */
    FAILED;

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }
}
