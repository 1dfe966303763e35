package io.finport.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.local.LocalStack;
import io.finport.workflow.Workflow;
import io.finport.workflow.config.WorkflowConfig;
import io.finport.workflow.delivery.OutcomeDelivery;
import io.finport.workflow.handler.RecordOutcomeHandler;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.StoreUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * A failed SNS publish is retried and sends exactly one message; a publish that succeeded is never repeated, even when
 * recording it fails. The task that publishes on the success path, Record outcome and notify, runs the real
 * RecordOutcomeHandler and OutcomeDelivery; only the SNS client (a) or the notifiedAt write (b) fails once. The
 * retry finds the outcome recorded and does not fetch the accounts again.
 */
class NotificationRetryTest {
    private static LocalStack stack;

    @BeforeAll
    static void shareStack() {
        stack = Reliability.stack();
        Reliability.tapNotifications(stack);
    }

    @AfterEach
    void restoreHandlers() {
        stack.reconfigure(stack.options());
    }

    @Test
    void notify_whenTheFirstPublishFailsWithAnSnsError_isRetriedAndSendsExactlyOneMessage() {
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        SnsClient real = stack.clients().sns();
        SnsClient flaky = (SnsClient) Proxy.newProxyInstance(
                SnsClient.class.getClassLoader(), new Class<?>[] {SnsClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("publish") && failedOnce.add("first")) {
                        throw SnsException.builder()
                                .statusCode(500)
                                .message("injected: SNS unavailable")
                                .awsErrorDetails(AwsErrorDetails.builder()
                                        .errorCode("InternalError")
                                        .build())
                                .build();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        WorkflowConfig config = stack.workflow().config();
        register(new OutcomeNotifier(stack.workflow().store(), () -> flaky, config.topicArn(), Clock.systemUTC()));

        var started = Reliability.start(stack, Reliability.read(Reliability.scenarioFile("update-two-accounts")));
        ExecutionStatus status = Reliability.awaitClosed(stack, started.importId(), Reliability.IMPORT_TIMEOUT);

        assertThat(failedOnce).hasSize(1);
        assertThat(accountReads(started))
                .as("the retry found the outcome recorded: the accounts were read once")
                .isEqualTo(1);
        assertThat(Reliability.publishedFor(stack, started.importId())).hasSize(1);
        assertThat(status).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void notify_whenRecordingTheSentMessageFailsAfterAPublish_sendsNoSecondMessageOnTheRetry() {
        WorkflowConfig config = stack.workflow().config();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        ImportStore store =
                new ImportStore(() -> stack.clients().dynamoDb(), config.tableName(), config.recordRetention()) {
                    @Override
                    public boolean markNotified(String importId, String messageId, Instant at) {
                        if (failedOnce.add(importId)) {
                            throw new StoreUnavailableException("markNotified", new IllegalStateException("injected"));
                        }
                        return super.markNotified(importId, messageId, at);
                    }
                };
        register(new OutcomeNotifier(store, () -> stack.clients().sns(), config.topicArn(), Clock.systemUTC()));

        var started = Reliability.start(stack, Reliability.read(Reliability.scenarioFile("update-two-accounts")));
        ExecutionStatus status = Reliability.awaitClosed(stack, started.importId(), Reliability.IMPORT_TIMEOUT);

        assertThat(status).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Reliability.publishedFor(stack, started.importId()))
                .as("SNS messages (emails)")
                .hasSize(1);
    }

    /** How often the outcome step read the accounts from finAPI (GET /api/v2/accounts with its request id). */
    private static long accountReads(Reliability.Started started) {
        String recordStep = started.importId() + "/record/";
        return stack.sandbox().requests(started.registered().scenarioId()).stream()
                .filter(r -> r.method().equals("GET") && "/api/v2/accounts".equals(r.template()))
                .filter(r -> r.requestId() != null && r.requestId().startsWith(recordStep))
                .count();
    }

    /** The production Record outcome and notify task, publishing through the given notifier. */
    private static void register(OutcomeNotifier notifier) {
        Workflow workflow = stack.workflow();
        OutcomeDelivery delivery = new OutcomeDelivery(
                notifier,
                workflow.store(),
                workflow.refreshes().history(),
                workflow.refreshes().config());
        stack.lambdas().register("RecordOutcomeFunction", new RecordOutcomeHandler(workflow.imports(), delivery));
    }
}
