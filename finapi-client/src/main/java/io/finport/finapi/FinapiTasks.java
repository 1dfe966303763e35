package io.finport.finapi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Web Form 2.0's Task API: the bank connection update for mandators without their own PSD2 licence.
 * {@code POST /api/tasks/backgroundUpdate} starts it; {@code GET /api/tasks/{id}} follows it until it is final
 * ({@code WEB_FORM_REQUIRED}, {@code COMPLETED}, {@code COMPLETED_WITH_ERROR}). Shares the client's tokens.
 */
public final class FinapiTasks {

    private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final FinapiClient client;

    public FinapiTasks(FinapiClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Starts a background update (201).
     *
     * @throws BankConnectionLockedException when an update of the connection already runs (423 LOCKED)
     */
    public Task startBackgroundUpdate(UserCredentials user, BackgroundUpdateRequest request, String requestId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(request, "request");
        return client.webFormCall(
                Endpoint.CREATE_BACKGROUND_UPDATE,
                "/api/tasks/backgroundUpdate",
                client.bodies().backgroundUpdate(request),
                user,
                requestId,
                Task.class,
                "id",
                "status");
    }

    /** {@code GET /api/tasks/{id}}. */
    public Task getTask(UserCredentials user, String taskId, String requestId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(taskId, "taskId");
        if (!TASK_ID.matcher(taskId).matches()) {
            throw new IllegalArgumentException("taskId has unexpected characters");
        }
        return client.webFormCall(
                Endpoint.GET_TASK, "/api/tasks/" + taskId, null, user, requestId, Task.class, "id", "status");
    }
}
