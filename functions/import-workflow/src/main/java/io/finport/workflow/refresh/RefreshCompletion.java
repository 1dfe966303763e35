package io.finport.workflow.refresh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.domain.Outcome;
import io.finport.finapi.JsonTrees;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.notify.NotificationUnavailableException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Last step of a refresh: ends the record (COMPLETED, or FAILED when the Map itself failed) and publishes one SNS
 * message for the run, with counts only: {@code importType=REFRESH} and an {@code outcome} attribute from the import
 * vocabulary (SUCCEEDED when no child import failed, PARTIALLY_FAILED when some did, FAILED when the run failed), so
 * the email subscription's filter sends every run that needs a look.
 */
public class RefreshCompletion {
    private static final StructuredLog LOG = StructuredLog.of(RefreshCompletion.class);

    private final RefreshStore refreshes;
    private final Supplier<SnsClient> sns;
    private final String topicArn;
    private final Clock clock;

    public RefreshCompletion(RefreshStore refreshes, Supplier<SnsClient> sns, String topicArn, Clock clock) {
        this.refreshes = refreshes;
        this.sns = sns;
        this.topicArn = topicArn;
        this.clock = clock;
    }

    public record Completed(String refreshId, RefreshStatus status, Outcome outcome, long done) {}

    /**
     * @param runFailed       the Distributed Map failed (tolerated failures exceeded, or it could not run)
     * @param resultsLocation where ResultWriter put the results (null when the Map did not run)
     */
    public Completed complete(String refreshId, boolean runFailed, String resultsLocation) {
        refreshes.finish(
                refreshId,
                runFailed ? RefreshStatus.FAILED : RefreshStatus.COMPLETED,
                resultsLocation,
                clock.instant());
        RefreshRecord record =
                refreshes.find(refreshId).orElseThrow(() -> new IllegalStateException("no refresh " + refreshId));
        Outcome outcome = outcomeOf(record);
        if (record.notifiedAt() == null) publish(record, outcome);
        LOG.info("refresh completed", "refreshId", refreshId, "status", record.status(), "done", record.done());
        return new Completed(refreshId, record.status(), outcome, record.done());
    }

    static Outcome outcomeOf(RefreshRecord r) {
        if (r.status() == RefreshStatus.FAILED) return Outcome.FAILED;
        long failed = r.outcomes().entrySet().stream()
                .filter(e -> !Outcome.SUCCEEDED.name().equals(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        return failed == 0 ? Outcome.SUCCEEDED : Outcome.PARTIALLY_FAILED;
    }

    private void publish(RefreshRecord r, Outcome outcome) {
        ObjectNode json = RefreshView.render(r);
        json.put("type", "REFRESH");
        json.put("outcome", outcome.name());
        String text = "finport refresh " + r.refreshId() + ": " + r.status() + ", " + r.connections() + " connections, "
                + r.queued() + " refreshed, outcomes " + r.outcomes() + ", skipped " + r.skipped();
        String machine = JsonTrees.writeString(json);
        String envelope = JsonTrees.writeString(JsonTrees.NODES
                .objectNode()
                .put("default", machine)
                .put("email", text)
                .put("email-json", machine)
                .put("sqs", machine)
                .put("lambda", machine)
                .put("http", machine)
                .put("https", machine));
        String messageId;
        try {
            messageId = sns.get()
                    .publish(b -> b.topicArn(topicArn)
                            .messageStructure("json")
                            .subject("finport refresh " + r.status() + " (" + outcome + ")")
                            .message(envelope)
                            .messageAttributes(Map.of(
                                    "outcome",
                                            MessageAttributeValue.builder()
                                                    .dataType("String")
                                                    .stringValue(outcome.name())
                                                    .build(),
                                    "importType",
                                            MessageAttributeValue.builder()
                                                    .dataType("String")
                                                    .stringValue("REFRESH")
                                                    .build())))
                    .messageId();
        } catch (SdkException e) {
            throw new NotificationUnavailableException(e);
        }
        refreshes.markNotified(r.refreshId(), messageId, clock.instant());
    }
}
