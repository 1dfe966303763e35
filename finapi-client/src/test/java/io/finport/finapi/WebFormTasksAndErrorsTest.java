package io.finport.finapi;

import static io.finport.finapi.FinapiTestSupport.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.finapi.FakeFinapiServer.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Web Form 2.0 answers: its own error shapes, the Task API, and PSU data on both update paths. */
class WebFormTasksAndErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TASK_ID = "5c1b7e2a-0f3d-4c55-9a61-2b7f0c9d8e41";
    private static final String IMPORT = "/api/webForms/bankConnectionImport";

    private FinapiTestSupport t;
    private FinapiTasks tasks;

    @BeforeEach
    void setUp() throws Exception {
        t = new FinapiTestSupport(Duration.ofMillis(400));
        tasks = new FinapiTasks(t.client);
    }

    @AfterEach
    void tearDown() {
        t.close();
    }

    private static String webFormError(String code, String description) {
        return "{\"code\":\"" + code + "\",\"description\":\"" + description
                + "\",\"timestamp\":\"2026-01-01T10:00:00.000+0100\",\"endpoint\":\"POST /api/webForms/bankConnectionImport\"}";
    }

    @Test
    void webFormImport_when422WebFormError_carriesCodeAndDescription() {
        t.server.on("POST", IMPORT, r -> Response.json(422, webFormError("BANK_NOT_SUPPORTED", "Bank not supported")));

        FinapiBusinessException e = catchThrowableOfType(
                FinapiBusinessException.class,
                () -> t.client.createBankConnectionImportWebForm(USER, WebFormImportRequest.empty(), "imp-1/start"));

        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.errorCode()).isEqualTo("BANK_NOT_SUPPORTED");
        assertThat(e.finapiMessage()).isEqualTo("Bank not supported");
        assertThat(e.getMessage()).contains("errorCode=BANK_NOT_SUPPORTED").doesNotContain("Bank not supported");
    }

    @Test
    void webFormImport_when400ValidationError_namesTheField() {
        t.server.on("POST", IMPORT, r -> Response.json(400, """
                {"errors":[{"field":"allowedInterfaces[0]","message":"must be one of XS2A, FINTS_SERVER, WEB_SCRAPER"}],
                 "timestamp":"2026-01-01T10:00:00.000+0100","endpoint":"POST /api/webForms/bankConnectionImport"}"""));

        FinapiBusinessException e = catchThrowableOfType(
                FinapiBusinessException.class,
                () -> t.client.createBankConnectionImportWebForm(USER, WebFormImportRequest.empty(), "imp-1/start"));

        // finAPI's ValidationError has no code: the field says what was wrong.
        assertThat(e.errorCode()).isNull();
        assertThat(e.invalidField()).isEqualTo("allowedInterfaces[0]");
        assertThat(e.getMessage()).contains("field=allowedInterfaces[0]");
        assertThat(e.finapiMessage()).startsWith("must be one of");
        assertThat(e.getMessage()).contains("status=400");
    }

    @Test
    void webFormImport_when400ValidationErrorWithPlainField_putsFieldInMessage() {
        t.server.on("POST", IMPORT, r -> Response.json(400, """
                {"errors":[{"field":"redirectUrl","message":"must match https://..."}],
                 "timestamp":"2026-01-01T10:00:00.000+0100","endpoint":"POST /api/webForms/bankConnectionImport"}"""));

        FinapiBusinessException e = catchThrowableOfType(
                FinapiBusinessException.class,
                () -> t.client.createBankConnectionImportWebForm(USER, WebFormImportRequest.empty(), "imp-1/start"));

        assertThat(e.invalidField()).isEqualTo("redirectUrl");
        assertThat(e.finapiMessage()).isEqualTo("must match https://...");
        assertThat(e.getMessage()).contains("field=redirectUrl");
    }

    @Test
    void getWebForm_when401WebFormUnauthorized_isAuthenticationFailureWithCode() {
        t.server.on("GET", "/api/webForms/wf-1", r -> Response.json(401, webFormError("UNAUTHORIZED", "no")));

        FinapiAuthenticationException e = catchThrowableOfType(
                FinapiAuthenticationException.class, () -> t.client.getWebForm(USER, "wf-1", "imp-1/check"));

        assertThat(e.errorCode()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void startBackgroundUpdate_sendsTaskBodyWithUserMetadataAndParsesTask() throws Exception {
        t.server.on("POST", "/api/tasks/backgroundUpdate", r -> Response.json(201, """
                {"id":"%s","createdAt":"2026-01-01T10:00:00.000+0100","type":"BANK_CONNECTION_UPDATE",
                 "status":"NOT_YET_STARTED","payload":{"bankConnectionId":7}}""".formatted(TASK_ID)));

        Task task = tasks.startBackgroundUpdate(
                USER,
                new BackgroundUpdateRequest(
                        7,
                        "CONDITIONAL",
                        List.of("XS2A"),
                        null,
                        new PsuMetadata("203.0.113.7", "Mozilla/5.0", "Android 14")),
                "imp-1/start");

        assertThat(task.id()).isEqualTo(TASK_ID);
        assertThat(TaskStatus.parse(task.status())).isEqualTo(TaskStatus.NOT_YET_STARTED);
        assertThat(task.payload().bankConnectionId()).isEqualTo(7L);
        String body =
                t.server.requests("POST", "/api/tasks/backgroundUpdate").get(0).body();
        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("""
                {"bankConnectionId":7,"importNewAccountsMode":"CONDITIONAL","allowedInterfaces":["XS2A"],
                 "userMetadata":{"ipAddress":"203.0.113.7","deviceOs":"Android 14","userAgent":"Mozilla/5.0"}}"""));
    }

    @Test
    void startBackgroundUpdate_withCallbacks_sendsFinalisedAndWebFormRequired() throws Exception {
        t.server.on("POST", "/api/tasks/backgroundUpdate", r -> Response.json(201, """
                {"id":"%s","createdAt":"2026-01-01T10:00:00.000+0100","type":"BANK_CONNECTION_UPDATE",
                 "status":"NOT_YET_STARTED","payload":{"bankConnectionId":7}}""".formatted(TASK_ID)));

        tasks.startBackgroundUpdate(
                USER,
                new BackgroundUpdateRequest(
                        7,
                        null,
                        null,
                        "https://cb.example/callbacks/finapi/a",
                        "https://cb.example/callbacks/finapi/b",
                        null),
                "imp-1/start");

        String body =
                t.server.requests("POST", "/api/tasks/backgroundUpdate").get(0).body();
        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("""
                {"bankConnectionId":7,"callbacks":{"finalised":"https://cb.example/callbacks/finapi/a",
                 "webFormRequired":"https://cb.example/callbacks/finapi/b"}}"""));
    }

    @Test
    void startBackgroundUpdate_when423Locked_throwsBankConnectionLocked() {
        t.server.on("POST", "/api/tasks/backgroundUpdate", r -> Response.json(423, webFormError("LOCKED", "busy")));

        assertThatThrownBy(() -> tasks.startBackgroundUpdate(
                        USER, new BackgroundUpdateRequest(7, null, null, null, null), "imp-1/start"))
                .isInstanceOfSatisfying(
                        BankConnectionLockedException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("LOCKED"));
    }

    @Test
    void getTask_whenWebFormRequired_exposesTheWebForm() {
        t.server.on("GET", "/api/tasks/" + TASK_ID, r -> Response.json(200, """
                {"id":"%s","createdAt":"2026-01-01T10:00:00.000+0100","type":"BANK_CONNECTION_UPDATE",
                 "status":"WEB_FORM_REQUIRED","payload":{"bankConnectionId":7,
                 "webForm":{"id":"0d6c1f7e-8a8b-4c1e-9d2f-3e4a5b6c7d8e","url":"https://wf/0d6c1f7e-8a8b-4c1e-9d2f-3e4a5b6c7d8e",
                 "status":"NOT_YET_OPENED"}}}""".formatted(TASK_ID)));

        Task task = tasks.getTask(USER, TASK_ID, "imp-1/check/1");

        assertThat(TaskStatus.parse(task.status())).isEqualTo(TaskStatus.WEB_FORM_REQUIRED);
        assertThat(TaskStatus.WEB_FORM_REQUIRED.isFinal()).isTrue();
        assertThat(task.payload().webForm().id()).isEqualTo("0d6c1f7e-8a8b-4c1e-9d2f-3e4a5b6c7d8e");
        assertThat(task.payload().webForm().toString()).doesNotContain("https://");
    }

    @Test
    void getTask_whenStatusMissing_throwsResponseException() {
        t.server.on("GET", "/api/tasks/" + TASK_ID, r -> Response.json(200, "{\"id\":\"" + TASK_ID + "\"}"));

        assertThatThrownBy(() -> tasks.getTask(USER, TASK_ID, "imp-1/check/1"))
                .isInstanceOfSatisfying(
                        FinapiResponseException.class,
                        e -> assertThat(e.problem()).isEqualTo("missing field status"));
    }

    @Test
    void getTask_whenIdHasPathCharacters_rejectsWithoutCall() {
        assertThatThrownBy(() -> tasks.getTask(USER, "../users", "imp-1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.server.requests()).isEmpty();
    }

    @Test
    void accessUpdate_withPsu_sendsPsuHeaders_andWithoutPsu_sendsNone() {
        t.server.on(
                "POST",
                "/api/v2/bankConnections/update",
                r -> Response.json(200, FinapiTestSupport.bankConnectionJson(7, "IN_PROGRESS")));

        t.client.updateBankConnection(
                USER,
                new UpdateRequest(7, "XS2A", null, new PsuMetadata("203.0.113.7", "Mozilla/5.0", "Android 14")),
                "imp-1/update");
        t.client.updateBankConnection(USER, new UpdateRequest(7, "XS2A", null), "imp-2/update");

        var sent = t.server.requests("POST", "/api/v2/bankConnections/update");
        assertThat(sent.get(0).header("PSU-IP-Address")).isEqualTo("203.0.113.7");
        assertThat(sent.get(0).header("PSU-User-Agent")).isEqualTo("Mozilla/5.0");
        assertThat(sent.get(0).header("PSU-Device-OS")).isEqualTo("Android 14");
        assertThat(sent.get(1).header("PSU-IP-Address")).isNull();
        assertThat(new PsuMetadata("203.0.113.7", "a", "b").toString()).doesNotContain("203.0.113.7");
    }
}
