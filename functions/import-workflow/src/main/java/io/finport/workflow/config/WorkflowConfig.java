package io.finport.workflow.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Deployment configuration of the workflow, read from the Lambda environment (see template.yaml Globals).
 * Nothing has a quiet default: a variable every function gets (Globals) must be set, or building the configuration
 * fails naming it; a variable only some functions get (the state machine, the topic) fails naming it when a function
 * builds the service that needs it. The local stack and the benchmarks pass their local values the same way.
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
                url(required(env, "FINAPI_ACCESS_BASE_URL"), "FINAPI_ACCESS_BASE_URL"),
                url(required(env, "FINAPI_WEBFORM_BASE_URL"), "FINAPI_WEBFORM_BASE_URL"),
                required(env, "FINAPI_CLIENT_SECRET_ARN"),
                required(env, "USER_PASSWORD_KEY_ID"),
                seconds(required(env, "POLL_DEADLINE_SECONDS"), "POLL_DEADLINE_SECONDS"),
                seconds(required(env, "POLL_MIN_WAIT_SECONDS"), "POLL_MIN_WAIT_SECONDS"),
                seconds(required(env, "POLL_MAX_WAIT_SECONDS"), "POLL_MAX_WAIT_SECONDS"),
                Boolean.parseBoolean(required(env, "WAIT_FOR_CATEGORIZATION")),
                whereUsed(env, "STATE_MACHINE_ARN"),
                whereUsed(env, "TOPIC_ARN"),
                Optional.ofNullable(env.get("AWS_ENDPOINT_URL"))
                        .filter(s -> !s.isBlank())
                        .map(URI::create),
                required(env, "AWS_REGION"),
                // Not a template parameter: the product's retention unless an operator overrides it.
                Duration.ofDays(Long.parseLong(env.getOrDefault("RECORD_RETENTION_DAYS", "90"))),
                licence(required(env, "FINAPI_MANDATOR_LICENCE")));
    }

    /** The import state machine; only the functions that start or follow its executions have it. */
    @Override
    public String stateMachineArn() {
        return present(stateMachineArn, "STATE_MACHINE_ARN");
    }

    /** The notification topic; only the functions that publish have it. */
    @Override
    public String topicArn() {
        return present(topicArn, "TOPIC_ARN");
    }

    private static MandatorLicence licence(String value) {
        try {
            return MandatorLicence.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("FINAPI_MANDATOR_LICENCE must be UNLICENSED or LICENSED");
        }
    }

    private static Duration seconds(String value, String name) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number of seconds");
        }
    }

    private static URI url(String value, String name) {
        try {
            return URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be a URL");
        }
    }

    /** Set in every function (template.yaml Globals, or by Lambda itself): missing means a broken deployment. */
    static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw missing(name);
        }
        return value;
    }

    /** Set only in the functions whose services name it: read now, required when a service asks for it. */
    static String whereUsed(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** The value of a where-used variable, or the failure that names it. */
    public static String present(String value, String name) {
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    private static IllegalStateException missing(String name) {
        return new IllegalStateException("missing environment variable " + name);
    }
}
