package io.finport.local;

import java.util.Map;

/**
 * Names and ARNs of what the local stack deployed (or found, when attached).
 *
 * @param secretArn    null when attached (the deployed functions read their own)
 * @param keyId        null when attached
 * @param functionArns empty when attached
 * @param refresh      null when the template (or the attached stack) has no refresh workflow
 */
public record DeployedStack(
        String tableName,
        String topicArn,
        String emailQueueUrl,
        String allNotificationsQueueUrl,
        String stateMachineArn,
        String secretArn,
        String keyId,
        Map<String, String> functionArns,
        RefreshResources refresh) {}
