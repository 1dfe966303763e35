package io.finport.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Floor 2 of the cold-start benchmark: builds one DynamoDB client the way the product does (UrlConnection HTTP
 * client, explicit region, static credentials and endpoint locally) and returns without calling it. This is the
 * least any handler that talks to AWS pays.
 */
public class SdkClientHandler implements RequestStreamHandler {
    private final DynamoDbClient dynamoDb =
            configure(DynamoDbClient.builder(), httpClient()).build();

    /** The HTTP client the product's SDK clients share. */
    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder().build();
    }

    /** Region, static credentials, the given HTTP client and, locally, the endpoint: as the product sets them. */
    static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, SdkHttpClient http) {
        builder.region(Region.of(
                        Optional.ofNullable(System.getenv("AWS_REGION")).orElse("eu-central-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(http);
        Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).map(URI::create).ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(("{\"client\":\"" + dynamoDb.serviceName() + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
