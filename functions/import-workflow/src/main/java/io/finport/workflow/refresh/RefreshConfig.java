package io.finport.workflow.refresh;

import io.finport.domain.Outcome;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.store.ImportRecord;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the refresh run, from the Lambda environment (template.yaml parameters Refresh*). The bucket and the
 * state machine are set only in the functions that use them: asking for one that is not set fails naming its variable.
 *
 * @param bucket                     S3 bucket of manifests and Distributed Map results
 * @param stateMachineArn            the refresh state machine (started by POST /refreshes)
 * @param window                     a connection refreshed successfully within this window is skipped
 * @param maxConcurrency             child imports at once (finAPI updates in flight), the Map's MaxConcurrency
 * @param toleratedFailurePercentage the Map's ToleratedFailurePercentage
 * @param muteSucceeded              no per-import SNS message for SUCCEEDED imports a refresh started
 */
public record RefreshConfig(
        String bucket,
        String stateMachineArn,
        Duration window,
        int maxConcurrency,
        int toleratedFailurePercentage,
        boolean muteSucceeded) {

    @Override
    public String bucket() {
        return WorkflowConfig.present(bucket, "REFRESH_BUCKET");
    }

    @Override
    public String stateMachineArn() {
        return WorkflowConfig.present(stateMachineArn, "REFRESH_STATE_MACHINE_ARN");
    }

    /** Whether the import's SUCCEEDED message stays unpublished: a refresh started it and the run's message counts it. */
    public boolean mutes(ImportRecord record) {
        return muteSucceeded
                && record.outcome() == Outcome.SUCCEEDED
                && record.request().requestHash() != null
                && record.request().requestHash().startsWith(RefreshItems.REQUEST_HASH_PREFIX);
    }

    public static RefreshConfig fromEnvironment(Map<String, String> env) {
        return new RefreshConfig(
                blankAsNull(env.get("REFRESH_BUCKET")),
                blankAsNull(env.get("REFRESH_STATE_MACHINE_ARN")),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("REFRESH_WINDOW_SECONDS", "21600"))),
                Integer.parseInt(env.getOrDefault("REFRESH_MAX_CONCURRENCY", "20")),
                Integer.parseInt(env.getOrDefault("REFRESH_TOLERATED_FAILURE_PERCENTAGE", "10")),
                Boolean.parseBoolean(env.getOrDefault("REFRESH_MUTE_SUCCEEDED", "false")));
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
