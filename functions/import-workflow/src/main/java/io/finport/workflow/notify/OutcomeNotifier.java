package io.finport.workflow.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.retry.Backoff;
import io.finport.workflow.store.AccountItem;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.ImportStore.ImportView;
import io.finport.workflow.task.TaskIo.NotifyResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a recorded outcome once: a readable text for email and JSON for machines (MessageStructure json),
 * with the attributes subscribers filter on (outcome, importType, bankConnectionId). The message carries masked
 * IBANs and statuses only: no names, balances or credentials, because email leaves AWS unencrypted.
 */
public class OutcomeNotifier {
    /** Accounts listed one by one; the rest are summarised by status, which keeps messages far below 256 KB. */
    static final int MAX_LISTED_ACCOUNTS = 50;

    private static final int MARK_ATTEMPTS = 4;
    private static final Backoff MARK_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    private static final StructuredLog LOG = StructuredLog.of(OutcomeNotifier.class);
    /** Jackson's streaming generator: building the message loads no object mapper. */
    private static final JsonFactory JSON = new JsonFactory();

    private final ImportStore store;
    private final Supplier<SnsClient> sns;
    private final String topicArn;
    private final Clock clock;

    public OutcomeNotifier(ImportStore store, Supplier<SnsClient> sns, String topicArn, Clock clock) {
        this.store = store;
        this.sns = sns;
        this.topicArn = topicArn;
        this.clock = clock;
    }

    /** Publishes the outcome of an import as its caller loaded it, once: a notified import is never sent again. */
    public NotifyResult notify(ImportView view) {
        ImportRecord record = view.record();
        String importId = record.importId();
        if (record.notification().notifiedAt() != null) {
            // A retry after a publish that succeeded: never a second email.
            return new NotifyResult(record.notification().messageId(), true);
        }
        if (record.outcome() == null) {
            throw new IllegalStateException("import " + importId + " has no recorded outcome to notify");
        }
        Message message = build(view);
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("outcome", text(record.outcome().name()));
        attributes.put("importType", text(record.type().name()));
        if (record.bankConnectionId() != null) {
            attributes.put(
                    "bankConnectionId",
                    MessageAttributeValue.builder()
                            .dataType("Number")
                            .stringValue(record.bankConnectionId().toString())
                            .build());
        }
        String messageId;
        try {
            messageId = sns.get()
                    .publish(b -> b.topicArn(topicArn)
                            .messageStructure("json")
                            .subject(message.subject())
                            .message(message.envelope())
                            .messageAttributes(attributes))
                    .messageId();
        } catch (SdkException e) {
            throw new NotificationUnavailableException(e);
        }
        markNotified(importId, messageId);
        LOG.info(
                "outcome published",
                "outcome",
                record.outcome(),
                "messageId",
                messageId,
                "bytes",
                message.envelope().length());
        return new NotifyResult(messageId, false);
    }

    /**
     * The message is out: from here on this task must succeed, or a Step Functions retry would email a second time.
     * So the mark is retried here a few times, and if DynamoDB still refuses, the gap is logged, not thrown.
     */
    private void markNotified(String importId, String messageId) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.markNotified(importId, messageId, clock.instant());
                return;
            } catch (RuntimeException e) {
                if (attempt == MARK_ATTEMPTS) {
                    LOG.error(
                            "published but could not mark the import notified",
                            "messageId",
                            messageId,
                            "error",
                            e.getClass().getSimpleName());
                    return;
                }
                MARK_BACKOFF.await(attempt);
            }
        }
    }

    /** The subject, and the MessageStructure=json envelope: text for email, JSON for everything else. */
    public record Message(String subject, String text, String json, String envelope) {}

    public static Message build(ImportView view) {
        ImportRecord r = view.record();
        ImportRecord.Result result = r.result();
        String subject =
                "finport import " + r.outcome() + " (" + r.type().name().toLowerCase() + ")";
        StringBuilder text = new StringBuilder();
        text.append("Import ")
                .append(r.importId())
                .append(" ended ")
                .append(r.outcome())
                .append(".\n\n");
        text.append("Type: ").append(r.type()).append('\n');
        if (r.bankConnectionId() != null)
            text.append("Bank connection: ").append(r.bankConnectionId()).append('\n');
        if (result.reason() != null)
            text.append("Reason: ").append(result.reason()).append('\n');
        text.append("Warnings: ")
                .append(result.warnings().isEmpty() ? "none" : String.join(", ", result.warnings()))
                .append('\n');
        text.append("Accounts: ").append(view.accounts().size()).append('\n');
        Map<String, Integer> byStatus = new TreeMap<>();
        view.accounts().forEach(a -> byStatus.merge(String.valueOf(a.status()), 1, Integer::sum));
        byStatus.forEach((status, count) ->
                text.append("  ").append(status).append(": ").append(count).append('\n'));
        int listed = 0;
        for (AccountItem a : view.accounts()) {
            if (listed++ == MAX_LISTED_ACCOUNTS) {
                text.append("  ... and ")
                        .append(view.accounts().size() - MAX_LISTED_ACCOUNTS)
                        .append(" more\n");
                break;
            }
            text.append("  - ")
                    .append(a.accountType() == null ? "Account" : a.accountType())
                    .append(' ')
                    .append(a.ibanMasked() == null ? "(no IBAN)" : a.ibanMasked())
                    .append(": ")
                    .append(a.status())
                    .append('\n');
        }

        StringWriter json = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("importId", r.importId());
            g.writeStringField("type", r.type().name());
            g.writeStringField("outcome", r.outcome().name());
            g.writeArrayFieldStart("warnings");
            for (String warning : result.warnings()) g.writeString(warning);
            g.writeEndArray();
            if (result.reason() != null) g.writeStringField("reason", result.reason());
            if (r.bankConnectionId() != null) g.writeNumberField("bankConnectionId", r.bankConnectionId());
            g.writeNumberField("accountCount", view.accounts().size());
            g.writeObjectFieldStart("accountStatusCounts");
            for (Map.Entry<String, Integer> count : byStatus.entrySet()) {
                g.writeNumberField(count.getKey(), count.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("accounts");
            for (AccountItem a :
                    view.accounts().stream().limit(MAX_LISTED_ACCOUNTS).toList()) {
                g.writeStartObject();
                g.writeNumberField("accountId", a.accountId());
                g.writeStringField("accountType", a.accountType());
                g.writeStringField("iban", a.ibanMasked());
                g.writeStringField("status", a.status());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (result.finishedAt() != null)
                g.writeStringField("finishedAt", result.finishedAt().toString());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String jsonText = json.toString();

        StringWriter envelope = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(envelope)) {
            g.writeStartObject();
            g.writeStringField("default", jsonText);
            g.writeStringField("email", text.toString());
            for (String protocol : new String[] {"email-json", "sqs", "lambda", "http", "https"}) {
                g.writeStringField(protocol, jsonText);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Message(subject, text.toString(), jsonText, envelope.toString());
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
