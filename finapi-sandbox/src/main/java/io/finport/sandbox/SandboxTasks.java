package io.finport.sandbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Web Form 2.0's Task API in the sandbox: the background update tasks, their status machine
 * ({@code NOT_YET_STARTED} → {@code IN_PROGRESS} → the scenario's final status after {@code task.pollsUntilFinal}
 * polls) and their JSON. What a final status does to the connection (finish the run, hand out a web form) is
 * up to {@link WebFormSimulator}, which finishes the connection's run or hands out the web form.
 */
final class SandboxTasks {

    static final class TaskRt {
        final String id;
        final String scenarioId;
        final long bankConnectionId;
        final Scenario.TaskSpec spec;
        final Instant createdAt;
        String status = "NOT_YET_STARTED";
        int polls;
        String webFormId;
        String webFormUrl;
        String webFormStatus;
        /** callbacks.finalised / webFormRequired of the create request (null: none registered). */
        String finalisedUrl;

        String webFormRequiredUrl;
        String ownerUserId;
        String baseUrl;

        TaskRt(String id, String scenarioId, long bankConnectionId, Scenario.TaskSpec spec, Instant createdAt) {
            this.id = id;
            this.scenarioId = scenarioId;
            this.bankConnectionId = bankConnectionId;
            this.spec = spec;
            this.createdAt = createdAt;
        }

        boolean isFinal() {
            return Scenario.TASK_FINAL.contains(status);
        }
    }

    private final Map<String, TaskRt> tasks = new HashMap<>();

    TaskRt create(String scenarioId, long bankConnectionId, Scenario.TaskSpec spec, Instant now) {
        TaskRt task = new TaskRt(UUID.randomUUID().toString(), scenarioId, bankConnectionId, spec, now);
        tasks.put(task.id, task);
        return task;
    }

    TaskRt get(String id) {
        return tasks.get(id);
    }

    /** The tasks of a scenario's connection, oldest first (for the admin view and deregistration). */
    List<TaskRt> ofScenario(String scenarioId) {
        return tasks.values().stream()
                .filter(t -> t.scenarioId.equals(scenarioId))
                .sorted((a, b) -> a.createdAt.compareTo(b.createdAt))
                .toList();
    }

    void removeScenario(String scenarioId) {
        tasks.values().removeIf(t -> t.scenarioId.equals(scenarioId));
    }

    void clear() {
        tasks.clear();
    }

    /** One {@code GET /api/tasks/{id}}; returns true when this poll made the task final. */
    boolean poll(TaskRt task) {
        if (task.isFinal()) {
            return false;
        }
        task.polls++;
        if (task.polls >= Math.max(1, task.spec.pollsUntilFinal())) {
            task.status = task.spec.status();
            return true;
        }
        task.status = "IN_PROGRESS";
        return false;
    }

    /** finAPI's Task: id, createdAt, type, status, payload {bankConnectionId, webForm?, errorCode?}. */
    static Map<String, Object> view(TaskRt task) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("bankConnectionId", task.bankConnectionId);
        if (task.webFormId != null) {
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("id", task.webFormId);
            form.put("url", task.webFormUrl);
            form.put("status", task.webFormStatus);
            payload.put("webForm", form);
        }
        if (task.status.equals("COMPLETED_WITH_ERROR")) {
            payload.put("errorCode", task.spec.errorCode());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", task.id);
        body.put("createdAt", FinapiJson.webForm(task.createdAt));
        body.put("type", "BANK_CONNECTION_UPDATE");
        body.put("status", task.status);
        body.put("payload", payload);
        return body;
    }
}
