package io.finport.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.local.KnownConnectionsSeeder.Past;
import io.finport.sandbox.ConnectionGenerator;
import io.finport.sandbox.ConnectionGenerator.GeneratedConnection;
import io.finport.sandbox.RegisteredScenario;
import io.finport.workflow.tenant.CallerIdentity;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Drives one refresh scenario through the local stack: generates its connections in the sandbox
 * ({@code generateConnections}), gives them their past ({@code pasts}: how many are refreshed recently, over PSD2's
 * budget, waiting for their user, with an expired consent), starts real imports that hold {@code locked} more
 * connections, gives another caller {@code otherCallerConnections}, then POSTs /refreshes and follows GET
 * /refreshes/{id} until the run ends. The plan says what each connection should come to.
 */
public final class RefreshRun {
    /** Requests without X-Local-Caller come from this caller; the other caller owns connections that must stay out. */
    public static final String CALLER = LocalApiServer.DEFAULT_CALLER;

    /**
     * The caller of every request on a deployed stack on LocalStack: its API Gateway neither enforces IAM nor reports
     * an identity, which the API takes as the anonymous caller.
     */
    public static final String ATTACHED_CALLER = "anonymous";

    public static final String OTHER_CALLER = "arn:aws:iam::123456789012:user/other-tenant";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Polls of the connections the locking imports update: they must outlive the refresh's first steps. */
    private static final int LOCKED_POLLS = 6;

    /** expected: the outcome its child import should have, or SKIP_reason. */
    public record PlannedConnection(String userReference, long bankConnectionId, String expected) {}

    /** @param users the user references of the generated connections */
    public record Plan(
            List<String> users,
            List<PlannedConnection> connections,
            List<Long> otherCallersConnections,
            List<String> lockingImports,
            Map<String, Long> expectedOutcomes,
            Map<String, Long> expectedSkips) {
        /** The connections the refresh itself should update. */
        public Set<Long> refreshed() {
            Set<Long> ids = new TreeSet<>();
            connections.stream()
                    .filter(c -> !c.expected().startsWith("SKIP_"))
                    .forEach(c -> ids.add(c.bankConnectionId()));
            return ids;
        }
    }

    public record Result(String refreshId, JsonNode record, Duration elapsed, Plan plan, int peakConcurrentUpdates) {}

    private final LocalStack stack;
    private final LocalApiClient api;
    private final String caller;

    public RefreshRun(LocalStack stack) {
        this.stack = stack;
        this.api = new LocalApiClient(stack.apiUrl());
        this.caller = stack.isLocal() ? CALLER : ATTACHED_CALLER;
    }

    /** Who the stack's API sees as the caller of this run's requests (the one whose connections it seeds). */
    public String caller() {
        return caller;
    }

    public Result run(JsonNode scenario, Duration timeout, Consumer<JsonNode> onProgress) {
        Plan plan = prepare(scenario);
        Instant start = Instant.now();
        LocalApiClient.Response response = post(caller, "run-" + start.toEpochMilli(), body(scenario, plan));
        if (response.status() != 202)
            throw new IllegalStateException("POST /refreshes answered " + response.status() + ": " + response.body());
        String refreshId = response.json().path("refreshId").asText();
        JsonNode record = await(refreshId, caller, timeout, onProgress);
        return new Result(
                refreshId,
                record,
                Duration.between(start, Instant.now()),
                plan,
                UpdateConcurrency.peak(stack.sandbox().requests(), plan.refreshed()));
    }

    /** Sets up the sandbox and our records as the scenario describes. */
    public Plan prepare(JsonNode scenario) {
        ConnectionGenerator.Spec spec = ConnectionGenerator.parse(scenario.get("generateConnections"));
        String name = scenario.path("name").asText("refresh");
        List<GeneratedConnection> generated = ConnectionGenerator.generate(stack.sandbox(), spec, name);
        KnownConnectionsSeeder seeder = KnownConnectionsSeeder.of(stack);
        String callerId = CallerIdentity.of(caller).key();
        Instant now = Instant.now();

        List<Past> pasts = pasts(scenario.path("pasts"), generated.size());
        List<PlannedConnection> planned = new ArrayList<>();
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> skips = new TreeMap<>();
        List<Runnable> seeding = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            GeneratedConnection c = generated.get(i);
            Past past = pasts.get(i);
            seeding.add(() -> seeder.seed(callerId, user(c.user()), c.bankConnectionId(), past, now));
            String expected = past == Past.ELIGIBLE ? c.plannedOutcome() : "SKIP_" + past.name();
            planned.add(new PlannedConnection(user(c.user()), c.bankConnectionId(), expected));
            if (past == Past.ELIGIBLE) outcomes.merge(c.plannedOutcome(), 1L, Long::sum);
            else skips.merge(past.name(), 1L, Long::sum);
        }
        runAll(seeding);

        List<String> locking = new ArrayList<>();
        int locked = scenario.path("locked").asInt(0);
        for (int i = 0; i < locked; i++) {
            String user = user(i % spec.users());
            RegisteredScenario registered = stack.sandbox()
                    .register(ConnectionGenerator.scenario(name + "-locked-" + i, "SUCCEEDED", LOCKED_POLLS)
                            .toString());
            seeder.seed(callerId, user, registered.bankConnectionId(), Past.ELIGIBLE, now);
            ObjectNode body = MAPPER.createObjectNode()
                    .put("type", "UPDATE")
                    .put("userReference", user)
                    .put("bankConnectionId", registered.bankConnectionId());
            LocalApiClient.Response started = api.postImport(body.toString(), "lock-" + registered.bankConnectionId());
            if (started.status() != 202) throw new IllegalStateException("locking import refused: " + started.body());
            locking.add(started.json().path("importId").asText());
            planned.add(new PlannedConnection(user, registered.bankConnectionId(), "SKIP_LOCKED"));
            skips.merge("LOCKED", 1L, Long::sum);
        }

        List<Long> others = new ArrayList<>();
        String otherCallerId = CallerIdentity.of(OTHER_CALLER).key();
        for (int i = 0; i < scenario.path("otherCallerConnections").asInt(0); i++) {
            RegisteredScenario registered = stack.sandbox()
                    .register(ConnectionGenerator.scenario(name + "-other-" + i, "SUCCEEDED", 1)
                            .toString());
            seeder.seed(otherCallerId, user(i % spec.users()), registered.bankConnectionId(), Past.ELIGIBLE, now);
            others.add(registered.bankConnectionId());
        }
        List<String> users = new ArrayList<>();
        for (int i = 0; i < spec.users(); i++) users.add(user(i));
        return new Plan(users, planned, others, locking, outcomes, skips);
    }

    /**
     * The POST /refreshes body of a scenario: its userReferences, or {} (every user of the caller). On a deployed stack
     * the users carry the run's namespace, and {} names the run's users instead: the stack may hold the caller's
     * connections from earlier runs, which this run's plan does not count.
     */
    public String body(JsonNode scenario, Plan plan) {
        ObjectNode body = MAPPER.createObjectNode();
        if (scenario.has("userReferences")) {
            var users = body.putArray("userReferences");
            scenario.get("userReferences").forEach(u -> users.add(u.asText() + stack.userNamespace()));
        } else if (!stack.isLocal()) {
            var users = body.putArray("userReferences");
            plan.users().forEach(users::add);
        }
        return body.toString();
    }

    public LocalApiClient.Response post(String caller, String idempotencyKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(route("/refreshes"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Local-Caller", caller)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
        return api.send(request.build());
    }

    public LocalApiClient.Response get(String refreshId, String caller) {
        return api.send(HttpRequest.newBuilder(route("/refreshes/" + refreshId))
                .timeout(Duration.ofSeconds(30))
                .header("X-Local-Caller", caller)
                .GET()
                .build());
    }

    /** Follows the refresh until it is COMPLETED or FAILED; returns its last record. */
    public JsonNode await(String refreshId, String caller, Duration timeout, Consumer<JsonNode> onProgress) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            LocalApiClient.Response response = get(refreshId, caller);
            if (response.status() == 200) {
                JsonNode record = response.json();
                if (onProgress != null) onProgress.accept(record);
                if ("COMPLETED".equals(record.path("status").asText())
                        || "FAILED".equals(record.path("status").asText())) {
                    return record;
                }
            }
            Pause.sleepOrFail(Duration.ofSeconds(1));
        }
        throw new IllegalStateException("refresh " + refreshId + " did not end within " + timeout);
    }

    /** Seeding writes a few items per connection: 8 at a time, as a backfill would. */
    private static void runAll(List<Runnable> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<?> f :
                    pool.invokeAll(tasks.stream().map(Executors::callable).toList())) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("seeding failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Past> pasts(JsonNode counts, int connections) {
        List<Past> pasts = new ArrayList<>();
        for (int i = 0; i < connections; i++) pasts.add(Past.ELIGIBLE);
        int index = connections - 1;
        Map<Past, Integer> wanted = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            var e = it.next();
            wanted.put(Past.valueOf(e.getKey()), e.getValue().asInt());
        }
        // Spread from the end, one of each kind in turn, so the pasts mix with the planned outcomes.
        boolean any = true;
        while (any) {
            any = false;
            for (var e : wanted.entrySet()) {
                if (e.getValue() > 0 && index >= 0) {
                    pasts.set(index--, e.getKey());
                    e.setValue(e.getValue() - 1);
                    any = true;
                }
            }
        }
        return pasts;
    }

    /** A deployed stack keeps the users of earlier runs: an attached run names its own (the stack's namespace). */
    private String user(int index) {
        return "refresh-user-" + index + stack.userNamespace();
    }

    private URI route(String path) {
        return api.route(path);
    }
}
