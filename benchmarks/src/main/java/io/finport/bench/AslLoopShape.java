package io.finport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * State transitions of one execution on the happy path: {@code fixedStates + statesPerPoll × polls}.
 *
 * <p>Derived from the ASL when available: the poll loop is the shortest cycle from the first Wait state back to itself,
 * the fixed part is the shortest path from StartAt to that Wait plus the shortest path from the loop's exit to a
 * Succeed state (avoiding Fail states). Each state entered counts as one transition (Step Functions Standard billing).
 *
 * @param source where the numbers come from, for the report
 */
record AslLoopShape(int statesPerPoll, int fixedStates, String source) {

    /** Used when the ASL file is missing: Wait → CheckStatus → Choice, plus about six states outside the loop (start, fetch/classify, notify, succeed, ...). */
    static final AslLoopShape ASSUMED = new AslLoopShape(3, 6, "assumed (no ASL file found)");

    long transitions(long polls) {
        return fixedStates + statesPerPoll * polls;
    }

    static AslLoopShape load(Path asl) {
        if (asl == null || !Files.isRegularFile(asl)) {
            return ASSUMED;
        }
        try {
            return fromDefinition(
                    new ObjectMapper().readTree(asl.toFile()), asl.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return new AslLoopShape(
                    ASSUMED.statesPerPoll,
                    ASSUMED.fixedStates,
                    "assumed (could not read " + asl.getFileName() + ": "
                            + e.getClass().getSimpleName() + ")");
        }
    }

    static AslLoopShape fromDefinition(JsonNode definition, String name) {
        JsonNode states = definition.path("States");
        Map<String, List<String>> next = new HashMap<>();
        String firstWait = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            next.put(entry.getKey(), successors(entry.getValue()));
        }
        // The poll Wait is the first Wait reached from StartAt (breadth first), not any Wait in the file.
        String start = definition.path("StartAt").asText();
        for (String state : breadthFirstOrder(start, next)) {
            if ("Wait".equals(states.path(state).path("Type").asText())) {
                firstWait = state;
                break;
            }
        }
        if (firstWait == null) {
            throw new IllegalArgumentException("no Wait state reachable from " + start);
        }
        String wait = firstWait;
        int loop = 0;
        String loopExit = null;
        for (String successor : next.get(wait)) {
            Optional<List<String>> back = shortestPath(successor, wait::equals, next, states);
            if (back.isPresent()) {
                loop = back.get().size(); // successor..wait inclusive = states entered per iteration
                loopExit = exitOf(back.get(), wait, next, states);
            }
        }
        if (loop == 0 || loopExit == null) {
            throw new IllegalArgumentException("no poll loop through " + wait);
        }
        int prefix =
                shortestPath(start, wait::equals, next, states).orElseThrow().size() - 1;
        int suffix = shortestPath(loopExit, s -> isEnd(s, states), next, states)
                .orElseThrow()
                .size();
        return new AslLoopShape(loop, prefix + suffix, name + ": loop " + wait + " → … → " + wait);
    }

    /** The first state leaving the loop towards success: the loop's Choice branch that reaches the end soonest. */
    private static String exitOf(List<String> loopPath, String wait, Map<String, List<String>> next, JsonNode states) {
        String best = null;
        int bestLength = Integer.MAX_VALUE;
        List<String> loopStates = new ArrayList<>(loopPath);
        loopStates.add(wait);
        for (String state : loopStates) {
            for (String candidate : next.getOrDefault(state, List.of())) {
                if (loopStates.contains(candidate)
                        || "Wait".equals(states.path(candidate).path("Type").asText())) {
                    continue;
                }
                Optional<List<String>> toEnd = shortestPath(candidate, s -> isEnd(s, states), next, states);
                if (toEnd.isPresent() && toEnd.get().size() < bestLength) {
                    best = candidate;
                    bestLength = toEnd.get().size();
                }
            }
        }
        return best;
    }

    /** Where a successful run ends: a Succeed state, or any state with {@code "End": true}. */
    private static boolean isEnd(String state, JsonNode states) {
        return "Succeed".equals(states.path(state).path("Type").asText())
                || states.path(state).path("End").asBoolean(false);
    }

    private static List<String> successors(JsonNode state) {
        List<String> result = new ArrayList<>();
        if (state.hasNonNull("Next")) {
            result.add(state.get("Next").asText());
        }
        for (JsonNode choice : state.path("Choices")) {
            if (choice.hasNonNull("Next")) {
                result.add(choice.get("Next").asText());
            }
        }
        if (state.hasNonNull("Default")) {
            result.add(state.get("Default").asText());
        }
        return result;
    }

    private static List<String> breadthFirstOrder(String start, Map<String, List<String>> next) {
        List<String> order = new ArrayList<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String state = queue.poll();
            if (order.contains(state)) {
                continue;
            }
            order.add(state);
            queue.addAll(next.getOrDefault(state, List.of()));
        }
        return order;
    }

    /** Shortest path from {@code from} to a state matching {@code target}, both inclusive; Fail states are dead ends. */
    private static Optional<List<String>> shortestPath(
            String from, java.util.function.Predicate<String> target, Map<String, List<String>> next, JsonNode states) {
        Map<String, String> parent = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(from));
        parent.put(from, null);
        while (!queue.isEmpty()) {
            String state = queue.poll();
            if (target.test(state)) {
                List<String> path = new ArrayList<>();
                for (String s = state; s != null; s = parent.get(s)) {
                    path.addFirst(s);
                }
                return Optional.of(path);
            }
            if ("Fail".equals(states.path(state).path("Type").asText())) {
                continue;
            }
            for (String successor : next.getOrDefault(state, List.of())) {
                if (!parent.containsKey(successor)) {
                    parent.put(successor, state);
                    queue.add(successor);
                }
            }
        }
        return Optional.empty();
    }
}
