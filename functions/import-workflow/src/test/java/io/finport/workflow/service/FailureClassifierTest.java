package io.finport.workflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.domain.Outcome;
import io.finport.workflow.service.FailureClassifier.Verdict;
import io.finport.workflow.task.TaskIo.TaskError;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FailureClassifierTest {
    private final FailureClassifier classifier = new FailureClassifier();

    private static String cause(String message) {
        return "{\"errorMessage\":\"" + message + "\",\"errorType\":\"x\",\"stackTrace\":[]}";
    }

    static Stream<Arguments> knownErrors() {
        return Stream.of(
                Arguments.of("io.finport.finapi.UserActionRequiredException", Outcome.USER_ACTION_REQUIRED, ""),
                Arguments.of("io.finport.finapi.FinapiBusinessException", Outcome.FAILED, ""),
                Arguments.of(
                        "io.finport.finapi.FinapiAuthenticationException",
                        Outcome.FAILED,
                        "the service's finAPI credentials were rejected: "),
                Arguments.of(
                        "io.finport.finapi.FinapiTransientException",
                        Outcome.FAILED,
                        "finAPI stayed unavailable after retries: "),
                Arguments.of("io.finport.finapi.FinapiResponseException", Outcome.FAILED, ""));
    }

    @ParameterizedTest
    @MethodSource("knownErrors")
    void classify_whenKnownFinapiError_mapsToOutcomeAndIsExpected(String error, Outcome outcome, String prefix) {
        Verdict verdict = classifier.classify(new TaskError(error, cause("status=422, errorCode=X")));

        assertThat(verdict.outcome()).isEqualTo(outcome);
        assertThat(verdict.unexpected()).isFalse();
        assertThat(verdict.reason()).isEqualTo(prefix + "status=422, errorCode=X");
    }

    @Test
    void classify_whenUnknownClass_isFailedUnexpectedWithoutTheMessage() {
        Verdict verdict = classifier.classify(
                new TaskError("java.lang.NullPointerException", cause("secret DE89370400440532013000 in the message")));

        assertThat(verdict.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(verdict.unexpected()).isTrue();
        assertThat(verdict.reason()).isEqualTo("internal error (NullPointerException)");
    }

    @Test
    void classify_whenStatesErrorOrOtherFinapiClass_isUnexpected() {
        assertThat(classifier.classify(new TaskError("States.Timeout", null)).reason())
                .isEqualTo("internal error (Timeout)");
        assertThat(classifier
                        .classify(new TaskError("io.finport.finapi.BankConnectionLockedException", cause("m")))
                        .unexpected())
                .isTrue();
        assertThat(classifier
                        .classify(new TaskError("io.finport.finapi.userActionRequiredException", cause("m")))
                        .unexpected())
                .as("class names match exactly")
                .isTrue();
    }

    @Test
    void classify_whenErrorNameIsNotAnIdentifier_doesNotEchoIt() {
        Verdict verdict = classifier.classify(new TaskError("bad name <with> max@example", cause("m")));

        assertThat(verdict.unexpected()).isTrue();
        assertThat(verdict.reason()).isEqualTo("internal error (error)");
    }

    @Test
    void classify_whenErrorMissing_isUnexpectedFailure() {
        assertThat(classifier.classify(null)).isEqualTo(new Verdict(Outcome.FAILED, "internal error (UNKNOWN)", true));
        assertThat(classifier.classify(new TaskError(null, null)).unexpected()).isTrue();
    }

    @Test
    void classify_whenCauseIsNotJson_saysNoDetails() {
        Verdict verdict =
                classifier.classify(new TaskError("io.finport.finapi.FinapiBusinessException", "Lambda timed out {"));

        assertThat(verdict.reason()).isEqualTo("finAPI rejected the request");
        assertThat(verdict.unexpected()).isFalse();
    }

    @Test
    void classify_whenCauseHasNoMessage_saysNoDetails() {
        assertThat(classifier
                        .classify(new TaskError("io.finport.finapi.FinapiBusinessException", "{\"errorType\":\"x\"}"))
                        .reason())
                .isEqualTo("finAPI rejected the request");
        assertThat(classifier
                        .classify(new TaskError("io.finport.finapi.FinapiBusinessException", null))
                        .reason())
                .isEqualTo("finAPI rejected the request");
        assertThat(classifier
                        .classify(new TaskError("io.finport.finapi.FinapiBusinessException", "[1]"))
                        .reason())
                .isEqualTo("finAPI rejected the request");
    }

    @Test
    void classify_whenMessageHuge_truncatesTo300Characters() {
        String huge = "x".repeat(100_000);

        Verdict verdict = classifier.classify(new TaskError("io.finport.finapi.FinapiTransientException", cause(huge)));

        String prefix = "finAPI stayed unavailable after retries: ";
        assertThat(verdict.reason()).isEqualTo(prefix + "x".repeat(300) + "...");
    }
}
