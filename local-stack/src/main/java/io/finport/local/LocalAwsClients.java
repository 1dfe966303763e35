package io.finport.local;

import io.finport.workflow.aws.AwsClients;
import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for deploying into moto and for tests to inspect, or for attaching to a deployed stack (LocalStack or
 * AWS). Each client is configured as the functions configure theirs ({@link AwsClients#configure}); only the
 * credentials are the local stack's choice.
 *
 * @param endpoint moto's or LocalStack's address; null means AWS itself
 */
public record LocalAwsClients(
        URI endpoint,
        DynamoDbClient dynamoDb,
        SnsClient sns,
        SqsClient sqs,
        SfnClient sfn,
        LambdaClient lambda,
        IamClient iam,
        KmsClient kms,
        SecretsManagerClient secrets,
        S3Client s3) {

    /** Clients for that endpoint (null: AWS), sharing one HTTP client. */
    public static LocalAwsClients at(URI endpoint) {
        Factory factory = new Factory(endpoint);
        return new LocalAwsClients(
                endpoint,
                factory.configure(DynamoDbClient.builder()).build(),
                factory.configure(SnsClient.builder()).build(),
                factory.configure(SqsClient.builder()).build(),
                factory.configure(SfnClient.builder()).build(),
                factory.configure(LambdaClient.builder()).build(),
                factory.configure(IamClient.builder()).region(Region.AWS_GLOBAL).build(),
                factory.configure(KmsClient.builder()).build(),
                factory.configure(SecretsManagerClient.builder()).build(),
                // Path-style addressing: moto serves buckets under its endpoint's path, not as subdomains.
                factory.configure(S3Client.builder()).forcePathStyle(true).build());
    }

    /** A CloudFormation client for the same endpoint (attach mode reads a stack's outputs); the caller closes it. */
    CloudFormationClient cloudFormation() {
        return new Factory(endpoint).configure(CloudFormationClient.builder()).build();
    }

    /** The region the clients use: the environment's (AWS_REGION, AWS_DEFAULT_REGION), else the local one. */
    static String region() {
        return System.getenv()
                .getOrDefault("AWS_REGION", System.getenv().getOrDefault("AWS_DEFAULT_REGION", LocalStack.REGION));
    }

    /** moto and LocalStack accept any key; a real account (keys or a profile in the environment) its own chain. */
    static AwsCredentialsProvider credentialsProvider() {
        return System.getenv("AWS_ACCESS_KEY_ID") != null || System.getenv("AWS_PROFILE") != null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    private record Factory(URI endpoint, AwsCredentialsProvider credentials, SdkHttpClient http) {
        Factory(URI endpoint) {
            this(endpoint, credentialsProvider(), AwsClients.httpClient());
        }

        <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
            return AwsClients.configure(builder, region(), Optional.ofNullable(endpoint), credentials, http);
        }
    }
}
