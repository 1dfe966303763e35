package io.finport.finapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Step Functions Retry/Catch blocks match these fully-qualified names; renaming or moving one breaks workflows. */
class ExceptionContractTest {

    @Test
    void exceptionClassNames_whenReferencedByStateMachine_stayStable() {
        assertThat(FinapiException.class.getName()).isEqualTo("io.finport.finapi.FinapiException");
        assertThat(FinapiTransientException.class.getName()).isEqualTo("io.finport.finapi.FinapiTransientException");
        assertThat(BankConnectionLockedException.class.getName())
                .isEqualTo("io.finport.finapi.BankConnectionLockedException");
        assertThat(UserActionRequiredException.class.getName())
                .isEqualTo("io.finport.finapi.UserActionRequiredException");
        assertThat(FinapiBusinessException.class.getName()).isEqualTo("io.finport.finapi.FinapiBusinessException");
        assertThat(FinapiAuthenticationException.class.getName())
                .isEqualTo("io.finport.finapi.FinapiAuthenticationException");
        assertThat(FinapiResponseException.class.getName()).isEqualTo("io.finport.finapi.FinapiResponseException");
    }

    @Test
    void exceptions_whenCreated_areUncheckedFinapiExceptions() {
        assertThat(new FinapiTransientException(503, null, "GET /x", "r#1", null, Duration.ofSeconds(1), null))
                .isInstanceOf(RuntimeException.class)
                .isInstanceOf(FinapiException.class);
        assertThat(new BankConnectionLockedException(423, "LOCKED", "POST /x", "r#1", null))
                .isInstanceOf(FinapiException.class);
    }

    @Test
    void userActionRequired_when510WithoutStatus_reasonIsMultiStepAuthentication() {
        UserActionRequiredException e = new UserActionRequiredException(510, null, "POST /x", "r#1", "m", null);

        assertThat(e.reason()).isEqualTo("MULTI_STEP_AUTHENTICATION");
        assertThat(e.getMessage())
                .isEqualTo("finAPI requires user action [endpoint=POST /x, status=510, "
                        + "errorCode=null, requestId=r#1, reason=MULTI_STEP_AUTHENTICATION]");
    }
}
