package io.finport.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.local.LocalApiClient;
import io.finport.local.LocalStack;
import io.finport.local.Pause;
import io.finport.local.ScenarioRun;
import io.finport.sandbox.RegisteredScenario;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Shared helpers of the reliability tests: the JVM's one local stack, execution and history access, the SNS messages
 * moto recorded, direct Lambda invocations and the {@code RELIABILITY-COUNT} figures docs/reliability.md quotes.
 */
final class Reliability {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private Reliability() {}

    /**
     * The local stack every end-to-end test class of this JVM shares. {@code io.finport.local.SharedStack} is
     * package-private, so it is reached reflectively: one stack per JVM, never closed here.
     */
    static LocalStack stack() {
        try {
            Class<?> shared = Class.forName("io.finport.local.SharedStack");
            Method get = shared.getDeclaredMethod("get");
            get.setAccessible(true);
            LocalStack stack = (LocalStack) get.invoke(null);
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    stack.isLocal(),
                    "reliability tests need the in-JVM handlers, moto and the sandbox (local stack only)");
            return stack;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the shared local stack", e);
        }
    }

    static Path repoRoot() {
        return LocalStack.repoRoot();
    }

    static Path scenarioFile(String name) {
        return repoRoot().resolve("scenarios/" + name + ".json");
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + text, e);
        }
    }

    /** Adds to a figure and prints it in the form docs/reliability.md is written from. */
    static void count(String name, long delta) {
        COUNTS.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(delta);
    }

    static void report(String name, long value) {
        ReliabilityCounts.record(name, value);
    }

    static void reportCounts(String... names) {
        for (String n : names)
            report(n, COUNTS.getOrDefault(n, new AtomicLong()).get());
    }

    // ---- executions ------------------------------------------------------------------------------------------

    static String executionArn(LocalStack stack, String importId) {
        return stack.deployed().stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + importId;
    }

    static List<ExecutionListItem> executions(LocalStack stack) {
        return stack
                .clients()
                .sfn()
                .listExecutionsPaginator(b -> b.stateMachineArn(stack.deployed().stateMachineArn()))
                .executions()
                .stream()
                .toList();
    }

    static ExecutionStatus status(LocalStack stack, String importId) {
        return stack.clients()
                .sfn()
                .describeExecution(b -> b.executionArn(executionArn(stack, importId)))
                .status();
    }

    /** Polls until the execution is no longer RUNNING; fails after the timeout (a stuck execution). */
    static ExecutionStatus awaitClosed(LocalStack stack, String importId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            ExecutionStatus s = status(stack, importId);
            if (s != ExecutionStatus.RUNNING) return s;
            pause(150);
        }
        throw new AssertionError("execution " + importId + " still RUNNING after " + timeout.toSeconds() + " s");
    }

    /** Waits until no execution of the import workflow is RUNNING (a stuck one fails the test). */
    static void awaitNoRunningExecution(LocalStack stack) {
        Instant deadline = Instant.now().plus(IMPORT_TIMEOUT);
        while (executions(stack).stream().anyMatch(e -> e.status() == ExecutionStatus.RUNNING)) {
            if (Instant.now().isAfter(deadline))
                throw new AssertionError("executions still RUNNING: a stuck execution");
            pause(200);
        }
    }

    static List<HistoryEvent> history(LocalStack stack, String executionArn) {
        return stack
                .clients()
                .sfn()
                .getExecutionHistoryPaginator(b -> b.executionArn(executionArn).includeExecutionData(true))
                .events()
                .stream()
                .toList();
    }

    /**
     * Every field of an SDK object as text, including the ones the SDK's toString() redacts as sensitive
     * (state input/output, error causes): those are exactly the fields a leak scan must read.
     */
    static String fullText(Object value) {
        StringBuilder out = new StringBuilder();
        appendFully(value, out);
        return out.toString();
    }

    private static void appendFully(Object value, StringBuilder out) {
        if (value == null) return;
        if (value instanceof SdkPojo pojo) {
            out.append('{');
            for (SdkField<?> field : pojo.sdkFields()) {
                Object v = field.getValueOrDefault(pojo);
                if (v == null) continue;
                out.append(field.memberName()).append('=');
                appendFully(v, out);
                out.append(", ");
            }
            out.append('}');
        } else if (value instanceof Collection<?> list) {
            out.append('[');
            for (Object v : list) {
                appendFully(v, out);
                out.append(", ");
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            map.forEach((k, v) -> {
                out.append(k).append('=');
                appendFully(v, out);
                out.append(", ");
            });
            out.append('}');
        } else {
            out.append(value);
        }
    }

    // ---- SNS, DynamoDB, Lambda -------------------------------------------------------------------------------

    /** One SNS delivery to the tap queue: the whole SQS body (SNS envelope with subject, attributes, message). */
    record Published(String importId, String raw) {}

    private static final List<Published> TAPPED = new ArrayList<>();
    private static String tapQueueUrl;

    /**
     * Subscribes a queue of these tests to the product's topic (once per JVM), so every message published from then on
     * is seen here whichever test drains the stack's own subscriptions. Called before a test starts imports.
     */
    static synchronized void tapNotifications(LocalStack stack) {
        if (tapQueueUrl != null) return;
        var sqs = stack.clients().sqs();
        tapQueueUrl = sqs.createQueue(
                        b -> b.queueName("finport-reliability-tap-" + Long.toString(System.nanoTime(), 36)))
                .queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(tapQueueUrl)
                        .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
        stack.clients()
                .sns()
                .subscribe(b ->
                        b.topicArn(stack.deployed().topicArn()).protocol("sqs").endpoint(arn));
    }

    /** Every message published since {@link #tapNotifications} (moto delivers to SQS within the publish call). */
    static synchronized List<Published> published(LocalStack stack) {
        if (tapQueueUrl == null) throw new IllegalStateException("tapNotifications was not called");
        var sqs = stack.clients().sqs();
        while (true) {
            var messages = sqs.receiveMessage(
                            b -> b.queueUrl(tapQueueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (messages.isEmpty()) break;
            for (var m : messages) {
                JsonNode envelope = json(m.body());
                String importId =
                        json(envelope.path("Message").asText()).path("importId").asText();
                TAPPED.add(new Published(importId, m.body()));
                sqs.deleteMessage(b -> b.queueUrl(tapQueueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return List.copyOf(TAPPED);
    }

    static List<Published> publishedFor(LocalStack stack, String importId) {
        return published(stack).stream()
                .filter(p -> p.importId().equals(importId))
                .toList();
    }

    static List<Map<String, AttributeValue>> importItems(LocalStack stack, String importId) {
        return stack
                .clients()
                .dynamoDb()
                .queryPaginator(b -> b.tableName(stack.deployed().tableName())
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("IMPORT#" + importId))))
                .items()
                .stream()
                .toList();
    }

    static long tableItemCount(LocalStack stack) {
        return stack
                .clients()
                .dynamoDb()
                .scanPaginator(b -> b.tableName(stack.deployed().tableName()).select("COUNT"))
                .stream()
                .mapToLong(p -> p.count())
                .sum();
    }

    /** Invokes a function through the in-JVM Lambda endpoint, as moto does for the state machine. */
    static LambdaAnswer invoke(LocalStack stack, String function, String payload) {
        HttpResponse<String> response =
                http(HttpRequest.newBuilder(URI.create(stack.lambdas().url() + "/" + function))
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(payload))
                        .build());
        return new LambdaAnswer(
                response.headers().firstValue("X-Function-Error").isPresent(), response.body());
    }

    record LambdaAnswer(boolean failed, String body) {}

    static HttpResponse<String> http(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---- scenarios -------------------------------------------------------------------------------------------

    /** A registered scenario with a started import (a client POSTed it). */
    record Started(String importId, RegisteredScenario registered, JsonNode scenario) {}

    static Started start(LocalStack stack, String scenarioJson) {
        JsonNode scenario = json(scenarioJson);
        RegisteredScenario registered = stack.sandbox().register(scenarioJson);
        String importId = new ScenarioRun(stack).start(scenario, registered, "rel-" + UUID.randomUUID());
        return new Started(importId, registered, scenario);
    }

    static ScenarioRun.Result await(LocalStack stack, Started started) {
        return new ScenarioRun(stack)
                .awaitFinished(started.importId(), started.registered(), started.scenario(), IMPORT_TIMEOUT, null);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalApiClient api(LocalStack stack) {
        return new LocalApiClient(stack.apiUrl());
    }

    static void pause(long millis) {
        Pause.sleepOrFail(Duration.ofMillis(millis));
    }
}
