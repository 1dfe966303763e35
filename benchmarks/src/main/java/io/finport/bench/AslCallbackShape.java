package io.finport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * State transitions of the callback wait: the Task that waits for finAPI's callback ({@code .waitForTaskToken}), then
 * the states up to the next Choice, once when the callback woke it and once when its timeout did (the fallback status
 * check). Each state entered counts as one transition.
 *
 * @param statesPerWake    states entered from the wait to the next Choice when the callback arrives
 * @param statesPerTimeout states entered from the wait to the next Choice when the timeout ends the wait
 * @param invokesLambda    whether entering the wait invokes a Lambda (the one that stores the task token)
 * @param source           where the numbers come from, for the report
 */
record AslCallbackShape(int statesPerWake, int statesPerTimeout, boolean invokesLambda, String source) {

    /** Used while the ASL has no callback wait: the wait, the status check and the Choice, either way. */
    static final AslCallbackShape ASSUMED =
            new AslCallbackShape(3, 3, true, "assumed: the ASL has no .waitForTaskToken state yet");

    static AslCallbackShape load(Path asl) {
        if (asl == null || !Files.isRegularFile(asl)) return ASSUMED;
        try {
            return fromDefinition(
                    new ObjectMapper().readTree(asl.toFile()), asl.getFileName().toString());
        } catch (IOException e) {
            return ASSUMED;
        }
    }

    static AslCallbackShape fromDefinition(JsonNode definition, String name) {
        JsonNode states = definition.path("States");
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode state = entry.getValue();
            if (!state.path("Resource").asText().endsWith(".waitForTaskToken")) continue;
            int wake = 1 + statesToChoice(state.path("Next").asText(), states);
            String onTimeout = timeoutTarget(state);
            int timeout = onTimeout == null ? 0 : 1 + statesToChoice(onTimeout, states);
            if (wake <= 1 || timeout <= 1) {
                throw new IllegalArgumentException(entry.getKey()
                        + " reaches no Choice on its callback or its timeout (a Catch of States.Timeout)");
            }
            return new AslCallbackShape(
                    wake,
                    timeout,
                    state.path("Resource").asText().contains(":lambda:invoke"),
                    name + ": " + entry.getKey() + " → … → the next Choice");
        }
        return ASSUMED;
    }

    /** Where a timed-out wait goes: the Catch that handles States.Timeout (or every error). */
    private static String timeoutTarget(JsonNode state) {
        for (JsonNode c : state.path("Catch")) {
            for (JsonNode error : c.path("ErrorEquals")) {
                if ("States.Timeout".equals(error.asText()) || "States.ALL".equals(error.asText())) {
                    return c.path("Next").asText();
                }
            }
        }
        return null;
    }

    /** States entered from {@code from} up to and including the nearest Choice (0 when none is reachable). */
    private static int statesToChoice(String from, JsonNode states) {
        Map<String, Integer> depth = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        depth.put(from, 1);
        queue.add(from);
        while (!queue.isEmpty()) {
            String name = queue.poll();
            JsonNode state = states.path(name);
            if ("Choice".equals(state.path("Type").asText())) return depth.get(name);
            if (state.hasNonNull("Next") && !depth.containsKey(state.get("Next").asText())) {
                depth.put(state.get("Next").asText(), depth.get(name) + 1);
                queue.add(state.get("Next").asText());
            }
        }
        return 0;
    }
}
