package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects SNS notifications delivered to the local SQS subscriptions and indexes them by import id, so tests that
 * run many imports at once can each find their own messages.
 */
final class Notifications {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One delivered SNS envelope: subject, attributes and the JSON message for machines. */
    record Delivered(String importId, String subject, Map<String, String> attributes, JsonNode message, String raw) {}

    private final LocalStack stack;
    private final String queueUrl;
    private final Map<String, List<Delivered>> byImport = new ConcurrentHashMap<>();

    Notifications(LocalStack stack, String queueUrl) {
        this.stack = stack;
        this.queueUrl = queueUrl;
    }

    /** Drains the queue until nothing arrives for the quiet period. */
    synchronized void drain(Duration quiet) {
        Instant until = Instant.now().plus(quiet);
        while (Instant.now().isBefore(until)) {
            var messages = stack.clients()
                    .sqs()
                    .receiveMessage(
                            b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            for (var m : messages) {
                Delivered d = parse(m.body());
                byImport.computeIfAbsent(d.importId(), k -> new ArrayList<>()).add(d);
                stack.clients().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            if (!messages.isEmpty()) until = Instant.now().plus(quiet);
        }
    }

    List<Delivered> forImport(String importId) {
        return byImport.getOrDefault(importId, List.of());
    }

    List<Delivered> all() {
        return byImport.values().stream().flatMap(List::stream).toList();
    }

    static Delivered parse(String body) {
        try {
            JsonNode envelope = MAPPER.readTree(body);
            JsonNode message = MAPPER.readTree(envelope.path("Message").asText());
            Map<String, String> attributes = new java.util.HashMap<>();
            envelope.path("MessageAttributes")
                    .fields()
                    .forEachRemaining(e -> attributes.put(
                            e.getKey(), e.getValue().path("Value").asText()));
            return new Delivered(
                    message.path("importId").asText(), envelope.path("Subject").asText(), attributes, message, body);
        } catch (Exception e) {
            throw new IllegalStateException("not an SNS envelope: " + body, e);
        }
    }
}
