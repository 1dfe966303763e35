package io.finport.workflow.aws;

import io.finport.workflow.config.WorkflowConfig;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SDK clients, built once per container and only when first used, so a handler pays only for the clients it needs
 * and nothing in initialisation touches the network (SnapStart snapshots stay free of connections).
 */
public final class AwsClients {
    private final WorkflowConfig config;
    private final SdkHttpClient httpClient;
    private final AwsCredentialsProvider credentials;
    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<SfnClient> sfn;
    private final Lazy<SnsClient> sns;
    private final Lazy<SecretsManagerClient> secrets;
    private final Lazy<KmsClient> kms;

    public AwsClients(WorkflowConfig config) {
        this.config = config;
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
        // Locally (moto) any static key works; on AWS the Lambda role's credentials come from the environment.
        this.credentials = config.awsEndpoint().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
        this.dynamoDb = new Lazy<>(() -> configure(DynamoDbClient.builder()).build());
        this.sfn = new Lazy<>(() -> configure(SfnClient.builder()).build());
        this.sns = new Lazy<>(() -> configure(SnsClient.builder()).build());
        this.secrets = new Lazy<>(() -> configure(SecretsManagerClient.builder()).build());
        this.kms = new Lazy<>(() -> configure(KmsClient.builder()).build());
    }

    public DynamoDbClient dynamoDb() { return dynamoDb.get(); }
    public SfnClient sfn() { return sfn.get(); }
    public SnsClient sns() { return sns.get(); }
    public SecretsManagerClient secretsManager() { return secrets.get(); }
    public KmsClient kms() { return kms.get(); }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        builder.region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(20))
                        .apiCallAttemptTimeout(Duration.ofSeconds(8))
                        .build());
        config.awsEndpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Thread-safe lazy value. */
    static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) { this.factory = factory; }

        T get() {
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
    }
}
