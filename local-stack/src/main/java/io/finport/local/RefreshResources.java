package io.finport.local;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * The refresh part of template.yaml in moto: the manifest bucket (encrypted by default, as RefreshBucket) and the
 * refresh state machine, whose substitutions name the import workflow and the refresh functions.
 *
 * @param stateMachineArn the refresh workflow
 * @param bucket          manifests and Distributed Map results
 */
public record RefreshResources(String stateMachineArn, String bucket) {

    /** The local values of the refresh functions' environment, with these settings. */
    public Map<String, String> environment(Settings settings) {
        Map<String, String> env = new HashMap<>();
        env.put("REFRESH_STATE_MACHINE_ARN", stateMachineArn);
        env.put("REFRESH_BUCKET", bucket);
        env.put("REFRESH_WINDOW_SECONDS", Long.toString(settings.windowSeconds()));
        env.put("REFRESH_MAX_CONCURRENCY", Integer.toString(settings.maxConcurrency()));
        env.put("REFRESH_TOLERATED_FAILURE_PERCENTAGE", Integer.toString(settings.toleratedFailurePercentage()));
        env.put("REFRESH_MUTE_SUCCEEDED", Boolean.toString(settings.muteSucceeded()));
        return env;
    }

    /** The template parameters Refresh* as the local stack sets them (defaults: the template's). */
    public record Settings(
            long windowSeconds, int maxConcurrency, int toleratedFailurePercentage, boolean muteSucceeded) {
        public static Settings defaults() {
            return new Settings(21_600, 20, 10, false);
        }

        /** As a deployed stack was given them (its CloudFormation parameters; the template's default when absent). */
        public static Settings fromParameters(Map<String, String> parameters) {
            Settings d = defaults();
            return new Settings(
                    Long.parseLong(parameters.getOrDefault("RefreshWindowSeconds", Long.toString(d.windowSeconds()))),
                    Integer.parseInt(
                            parameters.getOrDefault("RefreshMaxConcurrency", Integer.toString(d.maxConcurrency()))),
                    Integer.parseInt(parameters.getOrDefault(
                            "RefreshToleratedFailurePercentage", Integer.toString(d.toleratedFailurePercentage()))),
                    Boolean.parseBoolean(
                            parameters.getOrDefault("RefreshMuteSucceeded", Boolean.toString(d.muteSucceeded()))));
        }

        public Settings withMaxConcurrency(int value) {
            return new Settings(windowSeconds, value, toleratedFailurePercentage, muteSucceeded);
        }

        public Settings withWindowSeconds(long value) {
            return new Settings(value, maxConcurrency, toleratedFailurePercentage, muteSucceeded);
        }

        public Settings withMuteSucceeded(boolean value) {
            return new Settings(windowSeconds, maxConcurrency, toleratedFailurePercentage, value);
        }
    }

    static RefreshResources deploy(
            TemplateModel model,
            S3Client s3,
            SfnClient sfn,
            String roleArn,
            String suffix,
            java.util.function.Function<String, String> definitionWithBucket) {
        String bucket = ("finport-" + model.bucketLogicalId() + "-" + suffix).toLowerCase();
        s3.createBucket(b -> b.bucket(bucket)
                .createBucketConfiguration(
                        c -> c.locationConstraint(BucketLocationConstraint.fromValue(LocalStack.REGION))));
        s3.putBucketEncryption(b -> b.bucket(bucket)
                .serverSideEncryptionConfiguration(c -> c.rules(
                        r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)))));
        String arn = sfn.createStateMachine(
                        b -> b.name(model.refreshStateMachine().logicalId() + "-" + suffix)
                                .definition(definitionWithBucket.apply(bucket))
                                .roleArn(roleArn)
                                .type(StateMachineType.STANDARD))
                .stateMachineArn();
        return new RefreshResources(arn, bucket);
    }
}
