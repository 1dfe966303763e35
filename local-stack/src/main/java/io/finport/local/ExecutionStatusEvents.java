package io.finport.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * Local stand-in for EventBridge's Step Functions "Execution Status Change" rule: moto runs the state machine but
 * emits no EventBridge events, so this watcher lists the state machine's executions with each status the template's
 * rule matches every {@link #INTERVAL} and, for each such execution, invokes the rule's target function once with
 * the event EventBridge would deliver (through the same in-JVM Lambda endpoint moto uses). A failed invocation is
 * retried on the next round, as EventBridge retries.
 */
final class ExecutionStatusEvents implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int MAX_ATTEMPTS = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final URI target;
    private final Set<String> statuses;
    private final String account;
    private final String region;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final ExecutorService loop = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("execution-events").factory());
    private volatile boolean running = true;

    ExecutionStatusEvents(
            SfnClient sfn,
            String stateMachineArn,
            URI lambdaEndpoint,
            TemplateModel.ExecutionStatusRule rule,
            String account,
            String region) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.target = URI.create(lambdaEndpoint + "/" + rule.functionLogicalId());
        this.statuses = rule.statuses();
        this.account = account;
        this.region = region;
        loop.submit(this::run);
    }

    /** Executions whose event has been delivered (the target answered without error). */
    int deliveredCount() {
        return delivered.size();
    }

    private void run() {
        while (running) {
            try {
                // One small listing per status the rule matches: moto answers these without serializing every run.
                for (String status : statuses) {
                    sfn
                            .listExecutionsPaginator(
                                    b -> b.stateMachineArn(stateMachineArn).statusFilter(status))
                            .executions()
                            .stream()
                            .filter(e -> !delivered.contains(e.executionArn()))
                            .forEach(this::deliver);
                }
            } catch (RuntimeException e) {
                // moto busy or shutting down: try again next round
            }
            if (!Pause.sleep(INTERVAL)) return;
        }
    }

    private void deliver(ExecutionListItem execution) {
        int attempt = attempts.merge(execution.executionArn(), 1, Integer::sum);
        if (attempt > MAX_ATTEMPTS) return;
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("detail-type", "Step Functions Execution Status Change");
        event.put("source", "aws.states");
        event.put("account", account);
        event.put("time", Instant.now().toString());
        event.put("region", region);
        event.putArray("resources").add(execution.executionArn());
        ObjectNode detail = event.putObject("detail");
        detail.put("executionArn", execution.executionArn());
        detail.put("stateMachineArn", stateMachineArn);
        detail.put("name", execution.name());
        detail.put("status", execution.statusAsString());
        detail.put(
                "startDate",
                execution.startDate() == null ? null : execution.startDate().toEpochMilli());
        detail.put(
                "stopDate",
                execution.stopDate() == null ? null : execution.stopDate().toEpochMilli());
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(target)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200
                    && response.headers().firstValue("X-Function-Error").isEmpty()) {
                delivered.add(execution.executionArn());
            }
        } catch (java.io.IOException e) {
            // delivered again next round
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        loop.shutdownNow();
    }
}
