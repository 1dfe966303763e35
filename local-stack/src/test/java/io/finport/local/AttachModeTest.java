package io.finport.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * The plumbing of attach mode (end-to-end tests against a stack deployed on LocalStack or AWS), checked against
 * moto: a CloudFormation stack whose outputs name the local stack's resources stands in for a deployed stack.
 */
class AttachModeTest {

    @Test
    void attach_readsStackOutputsAndSubscribesQueuesWithTheEmailFilter() throws Exception {
        LocalStack local = SharedStack.get();
        org.junit.jupiter.api.Assumptions.assumeTrue(local.isLocal(), "needs moto to host the stand-in stack");
        String stackName = "finport-attach-" + System.nanoTime();
        String outputs = """
                {"Parameters": {"FinapiMandatorLicence": {"Type": "String", "Default": "UNLICENSED"}},
                 "Resources": {"Placeholder": {"Type": "AWS::SNS::Topic"}},
                 "Outputs": {
                   "ApiUrl": {"Value": "%s/v1"},
                   "ImportTableName": {"Value": "%s"},
                   "NotificationTopicArn": {"Value": "%s"},
                   "StateMachineArn": {"Value": "%s"}}}
                """.formatted(
                        local.apiUrl(),
                        local.deployed().tableName(),
                        local.deployed().topicArn(),
                        local.deployed().stateMachineArn());
        try (CloudFormationClient cfn = CloudFormationClient.builder()
                .endpointOverride(local.motoEndpoint())
                .region(software.amazon.awssdk.regions.Region.of(LocalStack.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .build()) {
            cfn.createStack(b -> b.stackName(stackName)
                    .templateBody(outputs)
                    .parameters(p -> p.parameterKey("FinapiMandatorLicence").parameterValue(LicenceMode.LICENSED)));
        }

        try (LocalStack attached = LocalStack.attach(
                SharedStack.repoRoot(), stackName, "127.0.0.1", MotoServer.freePort(), local.motoEndpoint())) {
            assertThat(attached.isLocal()).isFalse();
            assertThat(attached.options().mandatorLicence())
                    .as("the deployed licence mode")
                    .isEqualTo(LicenceMode.LICENSED);
            assertThat(attached.apiUrl().toString()).isEqualTo(local.apiUrl() + "/v1");
            assertThat(attached.callbacksReachSandbox())
                    .as("a stack without a callback API is polled only")
                    .isFalse();
            assertThat(attached.deployed().tableName())
                    .isEqualTo(local.deployed().tableName());

            for (String outcome : new String[] {"SUCCEEDED", "FAILED"}) {
                attached.clients()
                        .sns()
                        .publish(b -> b.topicArn(local.deployed().topicArn())
                                .message("{\"importId\":\"attach-" + outcome + "\",\"outcome\":\"" + outcome + "\"}")
                                .messageAttributes(Map.of(
                                        "outcome",
                                        MessageAttributeValue.builder()
                                                .dataType("String")
                                                .stringValue(outcome)
                                                .build())));
            }
            Notifications all = new Notifications(attached, attached.deployed().allNotificationsQueueUrl());
            Notifications email =
                    new Notifications(attached, attached.deployed().emailQueueUrl());
            all.drain(Duration.ofSeconds(2));
            email.drain(Duration.ofSeconds(1));
            assertThat(all.forImport("attach-SUCCEEDED")).hasSize(1);
            assertThat(all.forImport("attach-FAILED")).hasSize(1);
            assertThat(email.forImport("attach-SUCCEEDED")).isEmpty();
            assertThat(email.forImport("attach-FAILED")).hasSize(1);
            assertThat(attached.sandbox().baseUrl().getHost()).isEqualTo("127.0.0.1");
        }
    }
}
