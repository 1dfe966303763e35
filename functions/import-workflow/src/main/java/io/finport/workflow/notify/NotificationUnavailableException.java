package io.finport.workflow.notify;

/**
 * SNS refused or could not take the publish (throttling, an outage). Nothing was sent, so the state machine
 * retries the Notify task on this class name; the notifiedAt mark keeps a later retry from sending twice.
 */
public class NotificationUnavailableException extends RuntimeException {
    public NotificationUnavailableException(Throwable cause) {
        super("SNS publish failed: " + cause.getClass().getSimpleName(), null, false, false);
    }
}
