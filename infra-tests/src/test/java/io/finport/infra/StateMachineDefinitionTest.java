package io.finport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static checks of statemachine/import-workflow.asl.json: JSONPath only, every Task bounded in time and retried
 * only for what is worth retrying, every failure recorded and notified, the poll loop capped, and the worst-case
 * execution history far from the 25,000-event quota.
 */
class StateMachineDefinitionTest {
    private static final int HISTORY_QUOTA = 25_000;
    private static final List<String> LAMBDA_SERVICE_ERRORS = List.of(
            "Lambda.ServiceException",
            "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
            "Lambda.TooManyRequestsException");
    private static final String TRANSIENT_ERROR = "io.finport.finapi.FinapiTransientException";
    /** Errors a retry cannot fix: finAPI said no, the user must act, or the answer was not understood. */
    private static final List<String> BUSINESS_ERRORS = List.of(
            "io.finport.finapi.FinapiBusinessException",
            "io.finport.finapi.UserActionRequiredException",
            "io.finport.finapi.FinapiAuthenticationException",
            "io.finport.finapi.FinapiResponseException");
    /** Error names that match every error (States.TaskFailed matches any Lambda error, business ones included). */
    private static final List<String> CATCH_ALL_ERRORS = List.of("States.ALL", "States.TaskFailed");

    private static final String NOTIFY = "Notify";
    private static final String RECORD_FAILURE_FUNCTION = "${RecordFailureFunctionArn}";
    private static final String COUNTER = "$.poll.attempt";
    private static final Set<String> UNDERSTOOD_TYPES = Set.of("Task", "Wait", "Choice", "Pass", "Fail", "Succeed");
    private static final Set<String> TERMINAL_TYPES = Set.of("Fail", "Succeed");

    private static JsonNode definition;
    private static Map<String, JsonNode> states;
    private static ObjectNode template;

    @BeforeAll
    static void load() throws IOException {
        definition = new ObjectMapper().readTree(Files.readString(RepoRoot.stateMachine()));
        states = new LinkedHashMap<>();
        definition.path("States").properties().forEach(e -> states.put(e.getKey(), e.getValue()));
        template = CfnYaml.load(RepoRoot.template());
    }

    // ---- Shape ------------------------------------------------------------------------------------------------

    @Test
    void definition_whenLoaded_usesJsonPathOnly() {
        assertThat(definition.path("QueryLanguage").asText("JSONPath")).isEqualTo("JSONPath");
        List<String> jsonata = new ArrayList<>();
        findAll(definition, "", (path, node) -> {
            if (node.isObject()) {
                for (String field : List.of("Assign", "Arguments", "Output")) {
                    if (node.has(field)) jsonata.add(path + "/" + field);
                }
                if (node.path("QueryLanguage").asText().equals("JSONata")) jsonata.add(path + "/QueryLanguage");
            }
            if (node.isTextual() && node.asText().trim().startsWith("{%")) jsonata.add(path + " = " + node.asText());
        });
        assertThat(jsonata).isEmpty();
    }

    @Test
    void transitions_whenFollowed_pointToExistingStatesAndReachEveryState() {
        assertThat(states).isNotEmpty();
        assertThat(states.values()).extracting(s -> s.path("Type").asText()).allMatch(UNDERSTOOD_TYPES::contains);
        assertThat(definition.path("TimeoutSeconds").asInt())
                .as("execution timeout backstop")
                .isPositive();
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(definition.path("StartAt").asText()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            assertThat(states).as("transition target").containsKey(name);
            if (reached.add(name)) todo.addAll(successors(name, true));
        }
        assertThat(reached).containsExactlyInAnyOrderElementsOf(states.keySet());
        states.forEach((name, state) -> assertThat(
                        TERMINAL_TYPES.contains(state.path("Type").asText())
                                || state.path("Type").asText().equals("Choice")
                                || state.has("Next")
                                || state.path("End").asBoolean())
                .as(name + " has Next or End")
                .isTrue());
    }

    @Test
    void stateNames_whenRead_areWordsNotNumberedPlaceholders() {
        Pattern words = Pattern.compile("[A-Z][A-Za-z]*( [A-Za-z]+)*\\??");
        Set<String> generic = Set.of("state", "task", "step", "pass", "choice", "wait", "lambda", "fail", "succeed");
        assertThat(states.keySet())
                .allSatisfy(name -> assertThat(name).as("state name").matches(words))
                .allSatisfy(name -> assertThat(generic).as("generic state name").doesNotContain(name.toLowerCase()));
    }

    // ---- Tasks: time, retries, failure path --------------------------------------------------------------------

    @Test
    void tasks_whenDeclared_haveTimeoutsBetweenTheLambdaTimeoutAndTheExecutionTimeout() {
        int executionTimeout = definition.path("TimeoutSeconds").asInt();
        assertThat(tasks()).isNotEmpty().allSatisfy((name, task) -> {
            if (isCallbackWait(task)) {
                // Its timeout is the fallback wait the status check computed (never past the deadline), not a budget
                // of its function, which only stores the task token.
                assertThat(task.path("TimeoutSecondsPath").asText())
                        .as(name + " TimeoutSecondsPath")
                        .isEqualTo("$.poll.nextWaitSeconds");
                return;
            }
            int timeout = task.path("TimeoutSeconds").asInt(0);
            int lambdaTimeout = lambdaTimeoutOf(task);
            assertThat(timeout)
                    .as(name + " TimeoutSeconds > Lambda Timeout " + lambdaTimeout)
                    .isGreaterThan(lambdaTimeout);
            assertThat(timeout)
                    .as(name + " TimeoutSeconds < execution TimeoutSeconds")
                    .isLessThan(executionTimeout);
        });
    }

    private static final String STORE_UNAVAILABLE = "io.finport.workflow.store.StoreUnavailableException";
    private static final String NOTIFICATION_UNAVAILABLE =
            "io.finport.workflow.notify.NotificationUnavailableException";

    @Test
    void tasks_whenRetrying_haveALambdaServiceRetrierAndASeparateJitteredTransientRetrier() {
        assertThat(tasks()).allSatisfy((name, task) -> {
            if (isCallbackWait(task)) return; // every error of a callback wait falls back to the status check (below)
            List<JsonNode> retriers = new ArrayList<>();
            task.path("Retry").forEach(retriers::add);
            JsonNode lambda = retriers.stream()
                    .filter(r -> errors(r).containsAll(LAMBDA_SERVICE_ERRORS))
                    .findFirst()
                    .orElse(null);
            JsonNode transientRetrier = retriers.stream()
                    .filter(r -> errors(r).contains(STORE_UNAVAILABLE))
                    .findFirst()
                    .orElse(null);
            assertThat(lambda)
                    .as(name + ": retrier for " + LAMBDA_SERVICE_ERRORS)
                    .isNotNull();
            assertThat(transientRetrier)
                    .as(name + ": retrier for " + STORE_UNAVAILABLE)
                    .isNotNull();
            // Each task retries the transient errors of the services it calls: finAPI, SNS, DynamoDB (all of them).
            List<String> expected = switch (name) {
                case "Notify" -> List.of(STORE_UNAVAILABLE, NOTIFICATION_UNAVAILABLE);
                case "Record outcome and notify" ->
                    List.of(STORE_UNAVAILABLE, TRANSIENT_ERROR, NOTIFICATION_UNAVAILABLE);
                case "Record failure" -> List.of(STORE_UNAVAILABLE);
                default -> List.of(STORE_UNAVAILABLE, TRANSIENT_ERROR);
            };
            assertThat(errors(transientRetrier))
                    .as(name + ": transient errors retried")
                    .containsAll(expected);
            assertThat(transientRetrier)
                    .as(name + ": the transient retrier is separate")
                    .isNotSameAs(lambda);
            assertThat(transientRetrier.path("BackoffRate").asDouble(2.0))
                    .as(name + " BackoffRate")
                    .isGreaterThan(1.0);
            assertThat(transientRetrier.path("JitterStrategy").asText())
                    .as(name + " JitterStrategy")
                    .isEqualTo("FULL");
            assertThat(transientRetrier.path("MaxDelaySeconds").asInt(0))
                    .as(name + " MaxDelaySeconds")
                    .isPositive();
            assertThat(transientRetrier.path("MaxAttempts").asInt(3))
                    .as(name + " MaxAttempts")
                    .isPositive();
        });
    }

    @Test
    void retriers_whenListingErrors_neverRetryCatchAllOrBusinessErrorsAndNameRealClasses() throws IOException {
        Set<String> retried = new TreeSet<>();
        Set<String> handled = new TreeSet<>();
        tasks().values().forEach(task -> {
            task.path("Retry").forEach(r -> retried.addAll(errors(r)));
            task.path("Catch").forEach(c -> handled.addAll(errors(c)));
        });
        handled.addAll(retried);

        assertThat(retried).doesNotContainAnyElementsOf(CATCH_ALL_ERRORS).doesNotContainAnyElementsOf(BUSINESS_ERRORS);
        // ErrorEquals is an exact match on the exception's class name: a typo silently disables the retry.
        Path root = RepoRoot.find();
        List<String> named = new ArrayList<>(BUSINESS_ERRORS);
        handled.stream()
                .filter(e -> !e.startsWith("States.") && !e.startsWith("Lambda.") && !e.startsWith("Sandbox."))
                .forEach(named::add);
        assertThat(named)
                .contains(TRANSIENT_ERROR)
                .allSatisfy(error -> assertThat(classExists(root, error))
                        .as("a class named " + error + " exists in the repository")
                        .isTrue());
    }

    @Test
    void tasks_whenFailing_catchEverythingOnAPathThatRecordsAndNotifies() {
        assertThat(states.get(NOTIFY)).as(NOTIFY + " state").isNotNull();
        assertThat(functionOf(states.get(NOTIFY))).isEqualTo("${NotifyOutcomeFunctionArn}");
        Set<String> recorders = new TreeSet<>();
        tasks().forEach((name, task) -> {
            if (functionOf(task).equals(RECORD_FAILURE_FUNCTION)) recorders.add(name);
        });
        assertThat(recorders).as("the failure-recording task").hasSize(1);

        assertThat(tasks()).allSatisfy((name, task) -> {
            if (isCallbackWait(task)) return; // checked by callbackWaits_whenEndingWithoutTheCallback_...
            JsonNode catchers = task.path("Catch");
            assertThat(catchers.isArray() && !catchers.isEmpty())
                    .as(name + " has a Catch")
                    .isTrue();
            JsonNode last = catchers.get(catchers.size() - 1);
            assertThat(errors(last))
                    .as(name + ": the last catcher is States.ALL alone")
                    .containsExactly("States.ALL");
            String target = last.path("Next").asText();
            if (name.equals(NOTIFY) || recorders.contains(name)) {
                assertThat(states.get(target).path("Type").asText())
                        .as(name + " Catch ends the execution failed")
                        .isEqualTo("Fail");
            } else {
                assertThat(pathAvoiding(target, NOTIFY))
                        .as(name + " Catch → " + target + ": a path that skips " + NOTIFY)
                        .isEmpty();
                assertThat(pathAvoiding(target, recorders.iterator().next()))
                        .as(name + " Catch → " + target + ": a path that skips recording the failure")
                        .isEmpty();
            }
        });
    }

    @Test
    void runs_whenEndingNormally_endInATaskThatPublishesTheOutcome() {
        // The two tasks that deliver an outcome (OutcomeDelivery): one SNS message per import, whichever way it ends.
        Set<String> publishers = Set.of("${RecordOutcomeFunctionArn}", "${NotifyOutcomeFunctionArn}");
        Map<String, JsonNode> ends = new LinkedHashMap<>();
        states.forEach((name, state) -> {
            if (state.path("End").asBoolean(false)) ends.put(name, state);
        });
        assertThat(ends).as("the states that end a run normally").isNotEmpty();
        ends.forEach((name, state) -> assertThat(functionOf(state))
                .as(name + " ends a run: it must publish the outcome")
                .isIn(publishers));
        assertThat(states.values().stream().filter(s -> s.path("Type").asText().equals("Succeed")))
                .as("a Succeed state would end a run without a message")
                .isEmpty();
    }

    @Test
    void catchers_whenTheyFire_keepTheStateInputAndAddTheErrorBesideIt() {
        assertThat(tasks())
                .allSatisfy((name, task) -> task.path("Catch")
                        .forEach(catcher ->
                                // Without ResultPath the error replaces the input, and the failure task would not know
                                // the importId.
                                assertThat(catcher.path("ResultPath").asText("$"))
                                        .as(name + " Catch ResultPath")
                                        .matches("\\$\\.[A-Za-z]\\w*")
                                        .isNotEqualTo("$.importId")));
    }

    @Test
    void callbackWaits_whenEndingWithoutTheCallback_fallBackToTheStatusCheckAndKeepTheTokenOutOfTheState() {
        Map<String, JsonNode> waits = new LinkedHashMap<>();
        tasks().forEach((name, task) -> {
            if (isCallbackWait(task)) waits.put(name, task);
        });
        assertThat(waits).as("the wait for finAPI's callback").isNotEmpty();
        waits.forEach((name, task) -> {
            String check = task.path("Next").asText();
            assertThat(contains(
                            states.get(check).path("Parameters"),
                            n -> n.isTextual()
                                    && n.asText().replace(" ", "").equals("States.MathAdd(" + COUNTER + ",1)")))
                    .as(name + " → " + check + " is the status check that counts the attempts")
                    .isTrue();
            JsonNode catchers = task.path("Catch");
            assertThat(catchers).as(name + " Catch").hasSize(1);
            assertThat(errors(catchers.get(0)))
                    .as(name + ": timeout, early callback, any error")
                    .containsExactly("States.ALL");
            assertThat(catchers.get(0).path("Next").asText())
                    .as(name + ": a lost callback costs delay, never the import")
                    .isEqualTo(check);
            assertThat(task.at("/Parameters/Payload/taskToken.$").asText()).isEqualTo("$$.Task.Token");
            // The answer (and so the token) is never written into the state.
            assertThat(task.path("ResultPath").isNull())
                    .as(name + " ResultPath null")
                    .isTrue();
            assertThat(task.has("OutputPath") || task.has("ResultSelector")).isFalse();
        });
    }

    // ---- The poll loop -----------------------------------------------------------------------------------------

    @Test
    void pollLoop_whenCycling_isGuardedByAnAttemptCapAndACounterTheLoopIncrements() {
        List<Set<String>> loops = loops(states.keySet());
        assertThat(loops).as("the poll loop").isNotEmpty();
        for (Set<String> loop : loops) {
            assertThat(loop).as("a loop waits between checks").anyMatch(s -> type(s).equals("Wait"));
            Guard guard = guardOf(loop);
            assertThat(guard)
                    .as("a Choice in " + loop + " exits on " + COUNTER + " >= cap before looping")
                    .isNotNull();
            assertThat(guard.cap()).isPositive();
            Set<String> withoutGuard = new LinkedHashSet<>(loop);
            withoutGuard.remove(guard.choice());
            assertThat(loops(withoutGuard))
                    .as("every cycle passes " + guard.choice())
                    .isEmpty();

            List<String> incrementing = loop.stream()
                    .filter(s -> type(s).equals("Task"))
                    .filter(s -> {
                        JsonNode task = states.get(s);
                        boolean adds = contains(
                                task.path("Parameters"),
                                n -> n.isTextual()
                                        && n.asText().replace(" ", "").equals("States.MathAdd(" + COUNTER + ",1)"));
                        boolean writesBack = (task.path("ResultPath").asText() + ".attempt").equals(COUNTER)
                                && task.path("ResultSelector").has("attempt.$");
                        return adds && writesBack;
                    })
                    .toList();
            assertThat(incrementing)
                    .as("a Task in the loop computes States.MathAdd(" + COUNTER + ", 1) and stores it back")
                    .hasSize(1);
        }
    }

    @Test
    void executionHistory_whenEveryTaskExhaustsItsRetriesAndThePollLoopHitsItsCap_staysBelowTheQuota() {
        Map<String, Integer> component = new HashMap<>();
        List<Set<String>> components = stronglyConnected(states.keySet(), true);
        for (int i = 0; i < components.size(); i++) {
            for (String s : components.get(i)) component.put(s, i);
        }
        long[] weight = new long[components.size()];
        long loopIterationEvents = 0;
        int cap = 0;
        for (int i = 0; i < components.size(); i++) {
            Set<String> members = components.get(i);
            long events = members.stream()
                    .mapToLong(StateMachineDefinitionTest::worstCaseEvents)
                    .sum();
            if (isCycle(members, true)) {
                Guard guard = guardOf(members);
                assertThat(guard).as("cap of loop " + members).isNotNull();
                // The counter starts at the value Start import returns (0) and grows by one per check, so the
                // loop body runs at most cap times. Every cycle passes the guard (pollLoop test), so one iteration is
                // one simple cycle through it: the costliest such cycle bounds every iteration.
                long iteration = costliestCycle(guard.choice(), guard.choice(), members, new HashSet<>());
                weight[i] = guard.cap() * iteration;
                loopIterationEvents = Math.max(loopIterationEvents, iteration);
                cap = Math.max(cap, guard.cap());
            } else {
                weight[i] = events;
            }
        }
        long[] longest = new long[components.size()];
        java.util.Arrays.fill(longest, -1);
        int start = component.get(definition.path("StartAt").asText());
        long worstCase = 2 + longestPath(start, components, component, weight, longest); // + ExecutionStarted/-Ended

        System.out.printf(
                "Worst-case execution history: %,d events (poll loop: cap %d x %d events per iteration;"
                        + " every Task exhausting all retries; quota %,d)%n",
                worstCase, cap, loopIterationEvents, HISTORY_QUOTA);
        assertThat(cap).isPositive();
        assertThat(worstCase).isLessThan(HISTORY_QUOTA);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private record Guard(String choice, int cap) {}

    private static Map<String, JsonNode> tasks() {
        Map<String, JsonNode> tasks = new LinkedHashMap<>();
        states.forEach((name, state) -> {
            if (state.path("Type").asText().equals("Task")) tasks.put(name, state);
        });
        return tasks;
    }

    private static String type(String state) {
        return states.get(state).path("Type").asText();
    }

    private static String functionOf(JsonNode task) {
        return task.at("/Parameters/FunctionName").asText();
    }

    private static List<String> errors(JsonNode retrierOrCatcher) {
        List<String> errors = new ArrayList<>();
        retrierOrCatcher.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
        return errors;
    }

    /** Next, Choices[].Next, Default, and (if asked) Catch[].Next. */
    private static List<String> successors(String name, boolean withCatch) {
        JsonNode state = states.get(name);
        List<String> next = new ArrayList<>();
        if (state.has("Next")) next.add(state.get("Next").asText());
        state.path("Choices").forEach(c -> next.add(c.path("Next").asText()));
        if (state.has("Default")) next.add(state.get("Default").asText());
        if (withCatch) state.path("Catch").forEach(c -> next.add(c.path("Next").asText()));
        return next;
    }

    /** A path from the state to the end of the execution (normal transitions only) that never visits avoided. */
    private static List<String> pathAvoiding(String from, String avoided) {
        Deque<List<String>> todo = new ArrayDeque<>(List.of(List.of(from)));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            List<String> path = todo.pop();
            String at = path.get(path.size() - 1);
            if (at.equals(avoided) || !seen.add(at)) continue;
            List<String> next = successors(at, false);
            if (next.isEmpty()) return path;
            for (String n : next) {
                List<String> longer = new ArrayList<>(path);
                longer.add(n);
                todo.push(longer);
            }
        }
        return List.of();
    }

    /** Strongly connected sets of states among the given ones that contain a cycle. */
    private static List<Set<String>> loops(Set<String> among) {
        return stronglyConnected(among, true).stream()
                .filter(c -> isCycle(c, true))
                .toList();
    }

    private static boolean isCycle(Set<String> component, boolean withCatch) {
        if (component.size() > 1) return true;
        String only = component.iterator().next();
        return successors(only, withCatch).contains(only);
    }

    /** Tarjan's algorithm over the sub-graph of the given states. */
    private static List<Set<String>> stronglyConnected(Set<String> among, boolean withCatch) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> result = new ArrayList<>();
        int[] counter = {0};
        for (String s : among) {
            if (!index.containsKey(s)) connect(s, among, withCatch, index, low, stack, onStack, result, counter);
        }
        return result;
    }

    private static void connect(
            String v,
            Set<String> among,
            boolean withCatch,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> result,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : successors(v, withCatch)) {
            if (!among.contains(w)) continue;
            if (!index.containsKey(w)) {
                connect(w, among, withCatch, index, low, stack, onStack, result, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new LinkedHashSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            result.add(component);
        }
    }

    /**
     * The Choice in the loop with a rule "COUNTER NumericGreaterThanEquals cap" that leaves the loop, placed before
     * every rule that stays in it.
     */
    private static Guard guardOf(Set<String> loop) {
        for (String name : loop) {
            JsonNode state = states.get(name);
            if (!state.path("Type").asText().equals("Choice")) continue;
            JsonNode rules = state.path("Choices");
            for (int i = 0; i < rules.size(); i++) {
                JsonNode rule = rules.get(i);
                if (rule.path("Variable").asText().equals(COUNTER)
                        && rule.path("NumericGreaterThanEquals").canConvertToInt()
                        && !loop.contains(rule.path("Next").asText())) {
                    boolean staysEarlier = false;
                    for (int j = 0; j < i; j++)
                        staysEarlier |= loop.contains(rules.get(j).path("Next").asText());
                    if (!staysEarlier)
                        return new Guard(
                                name, rule.path("NumericGreaterThanEquals").asInt());
                }
            }
        }
        return null;
    }

    /**
     * History events one visit of a state can add at most. Every state: StateEntered + StateExited. A Task adds per
     * attempt TaskScheduled + TaskStarted + TaskSucceeded/Failed/TimedOut, with 1 + the sum of its retriers'
     * MaxAttempts attempts (each retrier counts its own attempts; MaxAttempts defaults to 3).
     */
    private static long worstCaseEvents(String name) {
        JsonNode state = states.get(name);
        if (!state.path("Type").asText().equals("Task")) return 2;
        long retries = 0;
        for (JsonNode retrier : state.path("Retry"))
            retries += retrier.path("MaxAttempts").asInt(3);
        // A callback wait also records TaskSubmitted (the Lambda answered; the task waits for its token).
        int perAttempt = isCallbackWait(state) ? 4 : 3;
        return 2 + perAttempt * (1 + retries);
    }

    /** The most events on a simple path from {@code at} back to {@code guard} inside the loop (guard counted once). */
    private static long costliestCycle(String at, String guard, Set<String> loop, Set<String> onPath) {
        long best = Long.MIN_VALUE;
        onPath.add(at);
        for (String next : successors(at, true)) {
            if (next.equals(guard)) best = Math.max(best, 0);
            else if (loop.contains(next) && !onPath.contains(next))
                best = Math.max(best, costliestCycle(next, guard, loop, onPath));
        }
        onPath.remove(at);
        return best == Long.MIN_VALUE ? Long.MIN_VALUE : best + worstCaseEvents(at);
    }

    /** A Task that waits for its task token ({@code .waitForTaskToken}): finAPI's callback resumes it. */
    private static boolean isCallbackWait(JsonNode task) {
        return task.path("Resource").asText().endsWith(".waitForTaskToken");
    }

    private static long longestPath(
            int from, List<Set<String>> components, Map<String, Integer> component, long[] weight, long[] memo) {
        if (memo[from] >= 0) return memo[from];
        long best = 0;
        for (String member : components.get(from)) {
            for (String next : successors(member, true)) {
                int to = component.get(next);
                if (to != from) best = Math.max(best, longestPath(to, components, component, weight, memo));
            }
        }
        return memo[from] = weight[from] + best;
    }

    private int lambdaTimeoutOf(JsonNode task) {
        String placeholder = functionOf(task).replaceAll("^\\$\\{(\\w+)}$", "$1");
        JsonNode substitution = null;
        for (JsonNode machine : template.path("Resources")) {
            JsonNode value = machine.at("/Properties/DefinitionSubstitutions/" + placeholder);
            if (!value.isMissingNode()) substitution = value;
        }
        assertThat(substitution).as("substitution for " + placeholder).isNotNull();
        String function = substitution.path("Ref").asText().replaceFirst("\\.Alias$", "");
        JsonNode timeout = template.at("/Resources/" + function + "/Properties/Timeout");
        if (timeout.isMissingNode()) timeout = template.at("/Globals/Function/Timeout");
        return timeout.asInt(3); // Lambda's own default is 3 s
    }

    /** Looks for the class in the main sources of every module the root pom lists. */
    private static boolean classExists(Path root, String className) throws IOException {
        String file = className.replace('.', '/') + ".java";
        var modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        boolean found = false;
        while (modules.find()) {
            found |= Files.isRegularFile(root.resolve(modules.group(1).trim())
                    .resolve("src/main/java")
                    .resolve(file));
        }
        return found;
    }

    private interface Visitor {
        void visit(String path, JsonNode node);
    }

    private static void findAll(JsonNode node, String path, Visitor visitor) {
        visitor.visit(path, node);
        if (node.isObject()) node.properties().forEach(e -> findAll(e.getValue(), path + "/" + e.getKey(), visitor));
        if (node.isArray()) for (int i = 0; i < node.size(); i++) findAll(node.get(i), path + "/" + i, visitor);
    }

    private static boolean contains(JsonNode node, Predicate<JsonNode> test) {
        boolean[] found = {false};
        findAll(node, "", (p, n) -> found[0] |= test.test(n));
        return found[0];
    }
}
