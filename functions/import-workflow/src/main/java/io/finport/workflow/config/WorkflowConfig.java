package io.finport.workflow.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Deployment configuration of the workflow, read from the Lambda environment (see template.yaml Globals).
 * The local stack builds the same map with local values, so both paths share one parser.
 */
public record WorkflowConfig(
        String tableName,
        URI finapiAccessBaseUrl,
        URI finapiWebFormBaseUrl,
        String finapiClientSecretArn,
        String userPasswordKeyId,
        Duration pollDeadline,
        Duration pollMinWait,
        Duration pollMaxWait,
        boolean waitForCategorization,
        String stateMachineArn,
        String topicArn,
        Optional<URI> awsEndpoint,
        String region,
        Duration recordRetention,
        MandatorLicence mandatorLicence) {

    /**
     * How UPDATE runs. UNLICENSED (finAPI's rule for customers without their own PSD2 licence, and for licensed ones
     * that use finAPI's web form): Web Form 2.0's background update task. LICENSED: Access V2's update.
     */
    public enum MandatorLicence {
        UNLICENSED,
        LICENSED
    }

    public static WorkflowConfig fromEnvironment(Map<String, String> env) {
        return new WorkflowConfig(
                required(env, "TABLE_NAME"),
                URI.create(env.getOrDefault("FINAPI_ACCESS_BASE_URL", "https://sandbox.finapi.io")),
                URI.create(env.getOrDefault("FINAPI_WEBFORM_BASE_URL", "https://webform-sandbox.finapi.io")),
                env.getOrDefault("FINAPI_CLIENT_SECRET_ARN", ""),
                env.getOrDefault("USER_PASSWORD_KEY_ID", ""),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("POLL_DEADLINE_SECONDS", "1800"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("POLL_MIN_WAIT_SECONDS", "2"))),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("POLL_MAX_WAIT_SECONDS", "60"))),
                Boolean.parseBoolean(env.getOrDefault("WAIT_FOR_CATEGORIZATION", "false")),
                env.getOrDefault("STATE_MACHINE_ARN", ""),
                env.getOrDefault("TOPIC_ARN", ""),
                Optional.ofNullable(env.get("AWS_ENDPOINT_URL"))
                        .filter(s -> !s.isBlank())
                        .map(URI::create),
                env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "eu-central-1")),
                Duration.ofDays(Long.parseLong(env.getOrDefault("RECORD_RETENTION_DAYS", "90"))),
                licence(env.getOrDefault("FINAPI_MANDATOR_LICENCE", "UNLICENSED")));
    }

    private static MandatorLicence licence(String value) {
        try {
            return MandatorLicence.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("FINAPI_MANDATOR_LICENCE must be UNLICENSED or LICENSED");
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("missing environment variable " + name);
        }
        return value;
    }
}
