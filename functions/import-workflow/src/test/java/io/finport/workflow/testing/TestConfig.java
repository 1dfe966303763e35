package io.finport.workflow.testing;

import io.finport.workflow.config.WorkflowConfig;
import java.util.HashMap;
import java.util.Map;

/** A complete function environment with test values (WorkflowConfig has no defaults), with overrides. */
public final class TestConfig {
    private TestConfig() {}

    public static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("TABLE_NAME", "unused");
        env.put("FINAPI_ACCESS_BASE_URL", "http://127.0.0.1:9");
        env.put("FINAPI_WEBFORM_BASE_URL", "http://127.0.0.1:9");
        env.put("FINAPI_CLIENT_SECRET_ARN", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:test");
        env.put("USER_PASSWORD_KEY_ID", "test-key");
        env.put("POLL_DEADLINE_SECONDS", "1800");
        env.put("POLL_MIN_WAIT_SECONDS", "2");
        env.put("POLL_MAX_WAIT_SECONDS", "60");
        env.put("WAIT_FOR_CATEGORIZATION", "false");
        env.put("FINAPI_MANDATOR_LICENCE", "UNLICENSED");
        env.put("AWS_REGION", "eu-central-1");
        return env;
    }

    /** The test environment with pairs of name, value replacing its values. */
    public static WorkflowConfig config(String... overrides) {
        Map<String, String> env = environment();
        for (int i = 0; i + 1 < overrides.length; i += 2) env.put(overrides[i], overrides[i + 1]);
        return WorkflowConfig.fromEnvironment(env);
    }
}
