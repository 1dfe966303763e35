package io.finport.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Every finAPI request the sandbox answered, oldest first. Not thread-safe: called under SandboxState's lock. */
final class RequestLog {
    private final List<RecordedRequest> log = new ArrayList<>();

    void record(RecordedRequest request) {
        log.add(request);
    }

    /** The requests that touched a scenario; all of them for a null id. */
    List<RecordedRequest> requests(String scenarioId) {
        return log.stream()
                .filter(r -> scenarioId == null || scenarioId.equals(r.scenarioId()))
                .toList();
    }

    void clear() {
        log.clear();
    }
}
