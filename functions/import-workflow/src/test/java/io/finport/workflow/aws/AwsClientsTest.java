package io.finport.workflow.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

class AwsClientsTest {

    @Test
    void lambdaCredentials_withSnapStartsContainerEndpoint_readThemFromThatEndpoint() {
        assertThat(AwsClients.lambdaCredentials(Map.of(
                        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials",
                        "AWS_CONTAINER_AUTHORIZATION_TOKEN", "token")))
                .isInstanceOf(ContainerCredentialsProvider.class);
    }

    @Test
    void lambdaCredentials_withoutIt_readTheEnvironmentVariablesLambdaSets() {
        assertThat(AwsClients.lambdaCredentials(Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", "x")))
                .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
        assertThat(AwsClients.lambdaCredentials(Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", " ")))
                .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
    }
}
