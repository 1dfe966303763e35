package io.finport.bench.coldstart;

import io.finport.bench.local.ImportTables;
import io.finport.sandbox.SandboxOptions;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** The cold-start benchmark's AWS resources in moto, created as template.yaml would, and the Lambda environment. */
final class ColdStartBackends {
    /** moto accepts any key; the handlers read them from the environment, as from a Lambda's. */
    static final StaticCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    static final String REGION = "eu-central-1";

    private ColdStartBackends() {}

    /** Creates the template's resources in moto and returns the Lambda environment that points at them. */
    static Map<String, String> deploy(URI moto, URI sandbox) {
        var http = UrlConnectionHttpClient.builder().build();
        String table = "finport-coldstart";
        try (DynamoDbClient dynamoDb = local(DynamoDbClient.builder(), moto, http);
                KmsClient kms = local(KmsClient.builder(), moto, http);
                SecretsManagerClient secrets = local(SecretsManagerClient.builder(), moto, http);
                SnsClient sns = local(SnsClient.builder(), moto, http);
                SfnClient sfn = local(SfnClient.builder(), moto, http)) {
            ImportTables.create(dynamoDb, table);
            String keyId =
                    kms.createKey(b -> b.description("coldstart")).keyMetadata().keyId();
            String secretArn = secrets.createSecret(b -> b.name("finport/coldstart")
                            .secretString("{\"clientId\":\"" + SandboxOptions.DEFAULT_CLIENT_ID
                                    + "\",\"clientSecret\":\"" + SandboxOptions.DEFAULT_CLIENT_SECRET + "\"}"))
                    .arn();
            String topicArn = sns.createTopic(b -> b.name("finport-coldstart")).topicArn();
            String stateMachineArn = sfn.createStateMachine(b -> b.name("finport-coldstart")
                            .roleArn("arn:aws:iam::123456789012:role/finport-coldstart")
                            .definition("{\"StartAt\":\"Done\",\"States\":{\"Done\":{\"Type\":\"Succeed\"}}}"))
                    .stateMachineArn();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("TABLE_NAME", table);
            env.put("FINAPI_ACCESS_BASE_URL", sandbox.toString());
            env.put("FINAPI_WEBFORM_BASE_URL", sandbox.toString());
            env.put("FINAPI_CLIENT_SECRET_ARN", secretArn);
            env.put("USER_PASSWORD_KEY_ID", keyId);
            env.put("POLL_DEADLINE_SECONDS", "1800");
            env.put("POLL_MIN_WAIT_SECONDS", "2");
            env.put("POLL_MAX_WAIT_SECONDS", "60");
            env.put("WAIT_FOR_CATEGORIZATION", "false");
            env.put("FINAPI_MANDATOR_LICENCE", "UNLICENSED");
            env.put("STATE_MACHINE_ARN", stateMachineArn);
            env.put("TOPIC_ARN", topicArn);
            env.put("AWS_ENDPOINT_URL", moto.toString());
            env.put("AWS_REGION", REGION);
            env.put("AWS_ACCESS_KEY_ID", "local");
            env.put("AWS_SECRET_ACCESS_KEY", "local");
            // For the KMS floor's Decrypt (the handlers decrypt the finAPI user's password with this key).
            env.put(
                    FloorService.CIPHERTEXT_ENV,
                    Base64.getEncoder()
                            .encodeToString(kms.encrypt(
                                            b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("cold-start floor")))
                                    .ciphertextBlob()
                                    .asByteArray()));
            return env;
        } finally {
            http.close();
        }
    }

    private static <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C local(
            B builder, URI moto, SdkHttpClient http) {
        return builder.endpointOverride(moto)
                .region(Region.of(REGION))
                .credentialsProvider(LOCAL_CREDENTIALS)
                .httpClient(http)
                .build();
    }
}
