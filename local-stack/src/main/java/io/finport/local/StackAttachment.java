package io.finport.local;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Attach mode: finds what {@code sam deploy} created (on LocalStack or AWS) from the stack's outputs and parameters,
 * and subscribes the two mirror queues to its topic, where a local deploy would have created everything.
 */
final class StackAttachment {
    /**
     * What the attached stack offers.
     *
     * @param apiUrl          where this machine reaches the stack's API
     * @param mandatorLicence the licence mode it was deployed with (the template's default when not given)
     * @param callbackUrl     where this machine reaches the stack's finAPI callback API (null: the stack has none)
     * @param callbacksRouted whether the stack tells finAPI to call back at that address (its CallbackBaseUrl), so
     *                        that this machine's sandbox reaches the callback route
     * @param refreshSettings the Refresh* parameters it was deployed with
     */
    record Attached(
            DeployedStack deployed,
            URI apiUrl,
            String mandatorLicence,
            URI callbackUrl,
            boolean callbacksRouted,
            RefreshResources.Settings refreshSettings) {}

    private final TemplateModel model;
    private final LocalAwsClients clients;

    StackAttachment(TemplateModel model, LocalAwsClients clients) {
        this.model = model;
        this.clients = clients;
    }

    Attached attach(String stackName) {
        Map<String, String> outputs = new HashMap<>();
        Map<String, String> parameters = new HashMap<>();
        try (CloudFormationClient cfn = clients.cloudFormation()) {
            Stack stack =
                    cfn.describeStacks(b -> b.stackName(stackName)).stacks().get(0);
            stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
            stack.parameters().forEach(p -> parameters.put(p.parameterKey(), p.parameterValue()));
        }
        String licence = parameters.getOrDefault("FinapiMandatorLicence", LicenceMode.UNLICENSED);
        URI apiUrl = ApiAddress.of(require(outputs, "ApiUrl"), clients.endpoint());
        // A stack deployed before the callbacks has no callback API: finAPI is then polled only.
        URI callbackUrl = outputs.containsKey("CallbackApiUrl")
                ? ApiAddress.of(outputs.get("CallbackApiUrl"), clients.endpoint())
                : null;
        boolean callbacksRouted = callbackUrl != null
                && callbackUrl
                        .toString()
                        .equals(parameters.getOrDefault("CallbackBaseUrl", "").replaceAll("/+$", ""));
        String topicArn = require(outputs, "NotificationTopicArn");
        NotificationMirrors.Queues queues = new NotificationMirrors(
                        clients.sqs(), clients.sns(), model.emailSubscription())
                .subscribe(topicArn, Long.toString(System.nanoTime(), 36));
        RefreshResources refresh = outputs.containsKey("RefreshStateMachineArn")
                ? new RefreshResources(outputs.get("RefreshStateMachineArn"), outputs.get("RefreshBucketName"))
                : null;
        DeployedStack deployed = new DeployedStack(
                require(outputs, "ImportTableName"),
                topicArn,
                queues.emailQueueUrl(),
                queues.allNotificationsQueueUrl(),
                require(outputs, "StateMachineArn"),
                null,
                null,
                Map.of(),
                refresh);
        return new Attached(
                deployed,
                apiUrl,
                licence,
                callbackUrl,
                callbacksRouted,
                RefreshResources.Settings.fromParameters(parameters));
    }

    private static String require(Map<String, String> outputs, String key) {
        String value = outputs.get(key);
        if (value == null) throw new IllegalStateException("the stack has no output " + key);
        return value;
    }
}
