package io.finport.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The per-service floors of the cold-start benchmark: for each AWS service the event names (as {@link
 * FloorService#eventName()}), a client built like floor 2's, all sharing one HTTP client as the handlers' clients do,
 * and one call of the kind the handlers make: DynamoDB GetItem (of a key that does not exist), KMS Decrypt, Secrets
 * Manager GetSecretValue, SNS Publish, Step Functions StartExecution (of the benchmark's one-state machine). Nothing
 * else: the least a handler that calls these services pays for the SDK's work of a first call to each.
 */
public class SdkCallsHandler implements RequestStreamHandler {
    private final SdkHttpClient http = SdkClientHandler.httpClient();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        List<String> called = new ArrayList<>();
        if (event.contains(FloorService.DYNAMODB.eventName())) {
            DynamoDbClient dynamoDb =
                    SdkClientHandler.configure(DynamoDbClient.builder(), http).build();
            dynamoDb.getItem(b -> b.tableName(System.getenv("TABLE_NAME"))
                    .key(Map.of("pk", AttributeValue.fromS("COLDSTART#FLOOR"), "sk", AttributeValue.fromS("NONE"))));
            called.add("dynamodb");
        }
        if (event.contains(FloorService.KMS.eventName())) {
            KmsClient kms =
                    SdkClientHandler.configure(KmsClient.builder(), http).build();
            kms.decrypt(b -> b.ciphertextBlob(
                    SdkBytes.fromByteArray(Base64.getDecoder().decode(System.getenv(FloorService.CIPHERTEXT_ENV)))));
            called.add("kms");
        }
        if (event.contains(FloorService.SECRETS_MANAGER.eventName())) {
            SecretsManagerClient secrets = SdkClientHandler.configure(SecretsManagerClient.builder(), http)
                    .build();
            secrets.getSecretValue(b -> b.secretId(System.getenv("FINAPI_CLIENT_SECRET_ARN")));
            called.add("secretsmanager");
        }
        if (event.contains(FloorService.SNS.eventName())) {
            SnsClient sns =
                    SdkClientHandler.configure(SnsClient.builder(), http).build();
            sns.publish(b -> b.topicArn(System.getenv("TOPIC_ARN")).message("cold-start floor"));
            called.add("sns");
        }
        if (event.contains(FloorService.SFN.eventName())) {
            SfnClient sfn =
                    SdkClientHandler.configure(SfnClient.builder(), http).build();
            sfn.startExecution(b -> b.stateMachineArn(System.getenv("STATE_MACHINE_ARN"))
                    .name("floor-" + UUID.randomUUID())
                    .input("{}"));
            called.add("sfn");
        }
        output.write(("{\"called\":\"" + String.join(" ", called) + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
