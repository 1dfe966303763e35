package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.finapi.FinapiBusinessException;
import io.finport.finapi.FinapiException;
import io.finport.finapi.UserActionRequiredException;
import io.finport.workflow.handler.TaskErrors.UnexpectedTaskException;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ImportNotFoundException;
import io.finport.workflow.store.StoreUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class TaskErrorsTest {
    private static final StructuredLog LOG = StructuredLog.of(TaskErrorsTest.class);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();

    @AfterEach
    void restoreLog() {
        StructuredLog.redirect(System.out);
    }

    @Test
    void sanitize_whenOwnException_passesItThroughUnchanged() {
        FinapiException finapi = new UserActionRequiredException(
                510,
                "ADDITIONAL_AUTHENTICATION_REQUIRED",
                "POST /api/v2/bankConnections/update",
                "imp-1/start/0",
                "free text",
                "REDIRECT_REQUIRED");
        List<RuntimeException> own = List.of(
                finapi,
                new FinapiBusinessException(422, "ENTITY_EXISTS", "POST /api/v2/users", "r", "m"),
                new StoreUnavailableException("find", SdkClientException.create("x")),
                new ImportNotFoundException("imp-1"),
                new UnexpectedTaskException("java.lang.IllegalStateException"));

        for (RuntimeException e : own) {
            assertThat(TaskErrors.sanitize(e, LOG)).isSameAs(e);
        }
        assertThat(TaskErrors.sanitize(finapi, LOG).getClass().getName())
                .isEqualTo("io.finport.finapi.UserActionRequiredException");
    }

    @Test
    void sanitize_whenForeignExceptionQuotesAnIban_keepsOnlyTheClassName() {
        StructuredLog.redirect(new PrintStream(logs, true, StandardCharsets.UTF_8));
        RuntimeException leaky = new IllegalStateException(
                "response body: {\"iban\":\"DE89370400440532013000\"}",
                new RuntimeException("inner DE89370400440532013000"));

        RuntimeException sanitized = TaskErrors.sanitize(leaky, LOG);

        assertThat(sanitized).isInstanceOf(UnexpectedTaskException.class);
        assertThat(sanitized.getMessage()).isEqualTo("unexpected java.lang.IllegalStateException");
        assertThat(sanitized.getCause()).isNull();
        assertThat(sanitized.getStackTrace()).isEmpty();
        assertThat(sanitized.getSuppressed()).isEmpty();
        String logged = logs.toString(StandardCharsets.UTF_8);
        assertThat(logged)
                .contains("java.lang.IllegalStateException")
                .doesNotContain("DE89")
                .doesNotContain("iban");
    }

    @Test
    void sanitize_whenSdkException_isReplacedToo() {
        RuntimeException sanitized = TaskErrors.sanitize(SdkClientException.create("https://host/path?token=abc"), LOG);

        assertThat(sanitized).isInstanceOf(UnexpectedTaskException.class);
        assertThat(sanitized.getMessage()).doesNotContain("token");
    }
}
