package io.finport.workflow.aws;

import io.finport.workflow.config.WorkflowConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SDK clients, built once per container and only when first used, so a handler pays only for the clients it needs
 * and nothing in initialisation touches the network (SnapStart snapshots stay free of connections).
 *
 * <p>Each function's package holds only the SDK modules it calls (functions/import-workflow/Makefile), so nothing here
 * may load a client class before that client is used: the fields are typed {@link SdkClient}, and a client's class is
 * first touched inside its own factory.
 */
public final class AwsClients {
    private final WorkflowConfig config;
    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider credentials;
    private final Lazy<SdkClient> dynamoDb;
    private final Lazy<SdkClient> sfn;
    private final Lazy<SdkClient> sns;
    private final Lazy<SdkClient> secrets;
    private final Lazy<SdkClient> kms;
    private final Lazy<SdkClient> s3;

    /**
     * @param credentials chosen by the caller: the Lambda's ({@link #lambda}) or the local stack's static keys; never
     *     the SDK's default chain, whose probing a cold start pays for
     */
    public AwsClients(WorkflowConfig config, AwsCredentialsProvider credentials) {
        this.config = config;
        this.credentials = credentials;
        this.httpClient = httpClient();
        this.dynamoDb = new Lazy<>(() -> configure(DynamoDbClient.builder()).build());
        this.sfn = new Lazy<>(() -> configure(SfnClient.builder()).build());
        this.sns = new Lazy<>(() -> configure(SnsClient.builder()).build());
        this.secrets =
                new Lazy<>(() -> configure(SecretsManagerClient.builder()).build());
        this.kms = new Lazy<>(() -> configure(KmsClient.builder()).build());
        // Path-style addressing locally: moto serves buckets under its endpoint's path, not as subdomains.
        this.s3 = new Lazy<>(() -> configure(S3Client.builder())
                .forcePathStyle(config.awsEndpoint().isPresent())
                .build());
    }

    /** As in a Lambda function: the execution role's credentials, where Lambda hands them over (see below). */
    public static AwsClients lambda(WorkflowConfig config, Map<String, String> env) {
        return new AwsClients(config, lambdaCredentials(env));
    }

    /**
     * The one place a Lambda function finds its role's credentials, picked without probing the SDK's default chain:
     * with SnapStart Lambda serves them from a container endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI, so a restored
     * snapshot never holds stale keys); without it, as the AWS_ACCESS_KEY_ID/... environment variables.
     */
    static AwsCredentialsProvider lambdaCredentials(Map<String, String> env) {
        String containerUri = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        return containerUri != null && !containerUri.isBlank()
                ? ContainerCredentialsProvider.create()
                : EnvironmentVariableCredentialsProvider.create();
    }

    public DynamoDbClient dynamoDb() {
        return (DynamoDbClient) dynamoDb.get();
    }

    public SfnClient sfn() {
        return (SfnClient) sfn.get();
    }

    public SnsClient sns() {
        return (SnsClient) sns.get();
    }

    public SecretsManagerClient secretsManager() {
        return (SecretsManagerClient) secrets.get();
    }

    public KmsClient kms() {
        return (KmsClient) kms.get();
    }

    public S3Client s3() {
        return (S3Client) s3.get();
    }

    // Suppliers for the services: unlike a method reference (aws::sfn), handing one out loads no client class, so a
    // function whose package lacks that SDK module can still build every service it does not call.
    public Supplier<DynamoDbClient> dynamoDbSupplier() {
        return typed(dynamoDb);
    }

    public Supplier<SfnClient> sfnSupplier() {
        return typed(sfn);
    }

    public Supplier<SnsClient> snsSupplier() {
        return typed(sns);
    }

    public Supplier<SecretsManagerClient> secretsManagerSupplier() {
        return typed(secrets);
    }

    public Supplier<KmsClient> kmsSupplier() {
        return typed(kms);
    }

    public Supplier<S3Client> s3Supplier() {
        return typed(s3);
    }

    @SuppressWarnings("unchecked")
    private static <T> Supplier<T> typed(Lazy<SdkClient> client) {
        return (Supplier<T>) (Supplier<?>) client;
    }

    /**
     * Builds now every client whose SDK module is in this function's package (for the SnapStart snapshot); the
     * package holds exactly the modules the function calls.
     */
    public void buildPackagedClients() {
        if (SdkModule.DYNAMODB.packaged()) dynamoDb.get();
        if (SdkModule.SFN.packaged()) sfn.get();
        if (SdkModule.SNS.packaged()) sns.get();
        if (SdkModule.SECRETS_MANAGER.packaged()) secrets.get();
        if (SdkModule.KMS.packaged()) kms.get();
        if (SdkModule.S3.packaged()) s3.get();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        return configure(builder, config.region(), config.awsEndpoint(), credentials, httpClient);
    }

    /** The HTTP client every SDK client shares: the lightweight one, with connect and socket timeouts. */
    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * The configuration of every SDK client: region, credentials, the shared HTTP client, call timeouts and, locally,
     * the endpoint. Public so that the local stack builds its own clients (SQS, IAM, Lambda) the same way.
     */
    public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
            B builder,
            String region,
            Optional<URI> endpoint,
            AwsCredentialsProvider credentials,
            SdkHttpClient httpClient) {
        builder.region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(20))
                        .apiCallAttemptTimeout(Duration.ofSeconds(8))
                        .build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Thread-safe lazy value. */
    public static final class Lazy<T> implements Supplier<T> {
        private final Supplier<T> factory;
        private volatile T value;

        public Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        value = v = factory.get();
                    }
                }
            }
            return v;
        }

        /** The value if it was built, else null (builds nothing). */
        public T getIfBuilt() {
            return value;
        }
    }
}
