package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.sandbox.RegisteredScenario;
import io.finport.sandbox.ScenarioFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Drives one scenario through the local stack the way a client would: register it in the sandbox, POST /imports,
 * then poll GET /imports/{id} until the outcome is recorded and notified.
 */
public final class ScenarioRun {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record Result(
            String importId,
            JsonNode finalRecord,
            RegisteredScenario registered,
            JsonNode scenario,
            Duration elapsed) {}

    private final LocalStack stack;
    private final LocalApiClient api;

    public ScenarioRun(LocalStack stack) {
        this.stack = stack;
        this.api = new LocalApiClient(stack.apiUrl());
    }

    public Result run(Path scenarioFile, Duration timeout, Consumer<JsonNode> onProgress) throws IOException {
        return run(ScenarioFile.read(scenarioFile), timeout, onProgress);
    }

    /** Runs a checked scenario file; a file without {@code name} is named after the file. */
    public Result run(ScenarioFile file, Duration timeout, Consumer<JsonNode> onProgress) {
        ObjectNode scenario = (ObjectNode) readJson(file.json());
        scenario.put("name", file.name());
        RegisteredScenario registered = stack.sandbox().register(file.json(), file.name());
        String importId = start(scenario, registered, "run-" + UUID.randomUUID());
        return awaitFinished(importId, registered, scenario, timeout, onProgress);
    }

    public Result run(String scenarioJson, Duration timeout, Consumer<JsonNode> onProgress) {
        JsonNode scenario = readJson(scenarioJson);
        RegisteredScenario registered = stack.sandbox().register(scenarioJson);
        String importId = start(scenario, registered, "run-" + UUID.randomUUID());
        return awaitFinished(importId, registered, scenario, timeout, onProgress);
    }

    /** POSTs the import request a client would send for this scenario; returns the import id. */
    public String start(JsonNode scenario, RegisteredScenario registered, String idempotencyKey) {
        LocalApiClient.Response response = api.postImport(
                requestBody(scenario, registered, stack.userNamespace()).toString(), idempotencyKey);
        if (response.status() != 202) {
            throw new IllegalStateException("POST /imports answered " + response.status() + ": " + response.body());
        }
        return response.json().path("importId").asText();
    }

    public static ObjectNode requestBody(JsonNode scenario, RegisteredScenario registered) {
        return requestBody(scenario, registered, "");
    }

    /** With a user namespace, the finAPI user references are this sandbox's own (see LocalStack#userNamespace). */
    public static ObjectNode requestBody(JsonNode scenario, RegisteredScenario registered, String userNamespace) {
        ObjectNode body = MAPPER.createObjectNode();
        String type = scenario.path("type").asText();
        body.put("type", type);
        body.put(
                "userReference",
                "user-" + (scenario.path("name").asText("local").replaceAll("[^A-Za-z0-9_-]", "-")) + userNamespace);
        if ("IMPORT".equals(type)) {
            body.put("bankId", registered.bankId());
        } else {
            body.put("bankConnectionId", registered.bankConnectionId());
        }
        JsonNode bankingInterface = scenario.path("bankConnection").path("bankingInterface");
        if (bankingInterface.isTextual()) body.put("bankingInterface", bankingInterface.asText());
        return body;
    }

    public Result awaitFinished(
            String importId,
            RegisteredScenario registered,
            JsonNode scenario,
            Duration timeout,
            Consumer<JsonNode> onProgress) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Instant asked = Instant.now();
            LocalApiClient.Response response = api.getImport(importId);
            Duration answeredIn = Duration.between(asked, Instant.now());
            if (response.status() == 200) {
                JsonNode record = response.json();
                if (onProgress != null) onProgress.accept(record);
                if (!record.path("outcome").isNull()
                        && !record.path("outcome").isMissingNode()
                        && record.has("notifiedAt")) {
                    return new Result(importId, record, registered, scenario, Duration.between(start, Instant.now()));
                }
            }
            // A deployed API answers each poll with a Lambda invocation. And never poll faster than the store answers:
            // moto reads an import of 2,000 accounts for seconds, and back-to-back reads of it would starve the
            // workflow's own reads of the same items (their attempts time out and are retried: a spiral).
            Duration interval = Duration.ofMillis(stack.isLocal() ? 250 : 1000);
            Pause.sleepOrFail(answeredIn.compareTo(interval) > 0 ? answeredIn : interval);
        }
        throw new IllegalStateException("import " + importId + " did not finish within " + timeout.toSeconds() + " s");
    }

    private static JsonNode readJson(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("scenario is not valid JSON", e);
        }
    }
}
