package io.finport.local;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment each function gets on AWS (template Globals + its own), with local values: what the template sets
 * and the local stack has no value for fails here, naming the variable.
 */
final class FunctionEnvironment {
    private final TemplateModel model;
    private final DeployedStack deployed;
    private final URI sandboxUrl;
    private final URI callbackBaseUrl;
    private final URI awsEndpoint;

    FunctionEnvironment(
            TemplateModel model, DeployedStack deployed, URI sandboxUrl, URI callbackBaseUrl, URI awsEndpoint) {
        this.model = model;
        this.deployed = deployed;
        this.sandboxUrl = sandboxUrl;
        this.callbackBaseUrl = callbackBaseUrl;
        this.awsEndpoint = awsEndpoint;
    }

    /** The variables of every function, with these local settings. */
    Map<String, String> with(LocalStack.Options options, RefreshResources.Settings refreshSettings) {
        Map<String, String> local = new HashMap<>();
        local.put("TABLE_NAME", deployed.tableName());
        local.put("FINAPI_ACCESS_BASE_URL", sandboxUrl.toString());
        local.put("FINAPI_WEBFORM_BASE_URL", sandboxUrl.toString());
        local.put("FINAPI_CLIENT_SECRET_ARN", deployed.secretArn());
        local.put("USER_PASSWORD_KEY_ID", deployed.keyId());
        local.put("POLL_DEADLINE_SECONDS", Long.toString(options.pollDeadline().toSeconds()));
        local.put("POLL_MIN_WAIT_SECONDS", Integer.toString(options.pollMinWaitSeconds()));
        local.put("POLL_MAX_WAIT_SECONDS", Integer.toString(options.pollMaxWaitSeconds()));
        local.put("WAIT_FOR_CATEGORIZATION", Boolean.toString(options.waitForCategorization()));
        local.put("FINAPI_MANDATOR_LICENCE", options.mandatorLicence());
        local.put("STATE_MACHINE_ARN", deployed.stateMachineArn());
        local.put("TOPIC_ARN", deployed.topicArn());
        local.put("CALLBACK_BASE_URL", callbackBaseUrl.toString());
        local.put("CALLBACK_FALLBACK_SECONDS", Integer.toString(LocalStack.CALLBACK_FALLBACK_SECONDS));
        if (deployed.refresh() != null) local.putAll(deployed.refresh().environment(refreshSettings));
        Map<String, String> env = new HashMap<>();
        for (TemplateModel.FunctionDef f : model.functions().values()) {
            for (String name : f.environment()) {
                if (!local.containsKey(name)) {
                    throw new IllegalStateException("template.yaml sets " + name + " for " + f.logicalId()
                            + " but the local stack has no local value for it");
                }
                env.put(name, local.get(name));
            }
        }
        env.put("AWS_ENDPOINT_URL", awsEndpoint.toString());
        env.put("AWS_REGION", LocalStack.REGION);
        return env;
    }
}
