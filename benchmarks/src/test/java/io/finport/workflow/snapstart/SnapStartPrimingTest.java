package io.finport.workflow.snapstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.workflow.Workflow;
import io.finport.workflow.aws.AwsClients;
import io.finport.workflow.config.WorkflowConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The priming hook lives in import-workflow (src/main/.../snapstart); its test sits here because that module's
 * test folder belongs to other work. Every endpoint of the workflow (AWS and finAPI) points at a local socket that
 * counts connections, so "no network" is observed, not assumed.
 */
class SnapStartPrimingTest {
    private ServerSocket trap;
    private final AtomicInteger connections = new AtomicInteger();
    private Workflow workflow;

    @BeforeEach
    void setUp() throws IOException {
        trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!trap.isClosed()) {
                try (Socket ignored = trap.accept()) {
                    connections.incrementAndGet();
                } catch (SocketException closed) {
                    return;
                } catch (IOException e) {
                    // keep counting
                }
            }
        });
        accept.setDaemon(true);
        accept.start();
        String url = "http://127.0.0.1:" + trap.getLocalPort();
        WorkflowConfig config = WorkflowConfig.fromEnvironment(Map.ofEntries(
                Map.entry("TABLE_NAME", "priming-test"),
                Map.entry("AWS_ENDPOINT_URL", url),
                Map.entry("FINAPI_ACCESS_BASE_URL", url),
                Map.entry("FINAPI_WEBFORM_BASE_URL", url),
                Map.entry("FINAPI_CLIENT_SECRET_ARN", "arn:aws:secretsmanager:eu-central-1:123456789012:secret:x"),
                Map.entry("USER_PASSWORD_KEY_ID", "key"),
                Map.entry("POLL_DEADLINE_SECONDS", "1800"),
                Map.entry("POLL_MIN_WAIT_SECONDS", "2"),
                Map.entry("POLL_MAX_WAIT_SECONDS", "60"),
                Map.entry("WAIT_FOR_CATEGORIZATION", "false"),
                Map.entry("FINAPI_MANDATOR_LICENCE", "UNLICENSED"),
                Map.entry("STATE_MACHINE_ARN", "arn:aws:states:eu-central-1:123456789012:stateMachine:x"),
                Map.entry("TOPIC_ARN", "arn:aws:sns:eu-central-1:123456789012:x"),
                Map.entry("AWS_REGION", "eu-central-1")));
        workflow = new Workflow(
                config,
                new AwsClients(config, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws IOException {
        trap.close();
    }

    @Test
    void beforeCheckpoint_whenRun_primesEveryStepWithoutOpeningAConnection() {
        AtomicInteger forgotten = new AtomicInteger();
        SnapStartPriming priming = new SnapStartPriming(workflow, forgotten::incrementAndGet);
        workflow.api(); // as the API function's handler builds it: its validation is primed too

        int failedSteps = priming.prime();
        priming.beforeCheckpoint(null);

        assertThat(failedSteps).isZero();
        assertThat(connections).hasValue(0);
        assertThat(forgotten).as("credentials are only dropped after a restore").hasValue(0);
    }

    @Test
    void afterRestore_whenCalled_forgetsCachedCredentialsOnce() {
        AtomicInteger forgotten = new AtomicInteger();
        SnapStartPriming priming = new SnapStartPriming(workflow, forgotten::incrementAndGet);

        priming.afterRestore(null);

        assertThat(forgotten).hasValue(1);
        assertThat(connections).hasValue(0);
    }

    @Test
    void register_whenCalledTwice_registersOneHookThatRunsTheRealWorkflow() throws Exception {
        SnapStartPriming.register(workflow);
        SnapStartPriming first = SnapStartPriming.registered();
        SnapStartPriming.register(workflow);

        assertThat(SnapStartPriming.registered()).isSameAs(first).isNotNull();
        first.beforeCheckpoint(null);
        first.afterRestore(null); // the real Workflow::forgetCachedCredentials: no network either
        assertThat(connections).hasValue(0);
    }
}
