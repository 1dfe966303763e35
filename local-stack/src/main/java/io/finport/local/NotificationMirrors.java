package io.finport.local;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Two queues subscribed to the notification topic so that tests and ./run-local can read what was sent: one with the
 * email subscription's real filter policy (it receives what the address would), one with every message.
 */
final class NotificationMirrors {
    /** The queues' addresses. */
    record Queues(String emailQueueUrl, String allNotificationsQueueUrl) {}

    private final SqsClient sqs;
    private final SnsClient sns;
    private final TemplateModel.SubscriptionDef emailSubscription;

    NotificationMirrors(SqsClient sqs, SnsClient sns, TemplateModel.SubscriptionDef emailSubscription) {
        this.sqs = sqs;
        this.sns = sns;
        this.emailSubscription = emailSubscription;
    }

    /** Creates both queues (their names end in suffix) and subscribes them to the topic. */
    Queues subscribe(String topicArn, String suffix) {
        String emailQueue = queue("finport-email-mirror-" + suffix);
        String allQueue = queue("finport-all-notifications-" + suffix);
        subscribe(topicArn, emailQueue, true);
        subscribe(topicArn, allQueue, false);
        return new Queues(emailQueue, allQueue);
    }

    private void subscribe(String topicArn, String queueUrl, boolean likeEmail) {
        Map<String, String> attributes = new HashMap<>();
        if (likeEmail && emailSubscription != null && emailSubscription.filterPolicy() != null) {
            attributes.put("FilterPolicy", emailSubscription.filterPolicy());
            attributes.put("FilterPolicyScope", emailSubscription.filterPolicyScope());
        }
        String queueArn = queueArn(queueUrl);
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributes(Map.of(
                        QueueAttributeName.POLICY,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"sns.amazonaws.com\"},"
                                + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn
                                + "\",\"Condition\":{\"ArnEquals\":{\"aws:SourceArn\":\""
                                + topicArn + "\"}}}]}")));
        sns.subscribe(
                b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn).attributes(attributes));
    }

    private String queue(String name) {
        return sqs.createQueue(b -> b.queueName(name)).queueUrl();
    }

    private String queueArn(String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }
}
