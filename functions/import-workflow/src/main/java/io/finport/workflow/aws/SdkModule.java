package io.finport.workflow.aws;

/**
 * The AWS SDK service modules the functions call. Each function's package holds only the ones that function uses
 * (functions/import-workflow/Makefile), so code shared by all functions asks before it touches a module's classes.
 */
public enum SdkModule {
    DYNAMODB("software.amazon.awssdk.services.dynamodb.DynamoDbClient"),
    SFN("software.amazon.awssdk.services.sfn.SfnClient"),
    SNS("software.amazon.awssdk.services.sns.SnsClient"),
    SECRETS_MANAGER("software.amazon.awssdk.services.secretsmanager.SecretsManagerClient"),
    KMS("software.amazon.awssdk.services.kms.KmsClient"),
    S3("software.amazon.awssdk.services.s3.S3Client");

    private final String clientClass;

    SdkModule(String clientClass) {
        this.clientClass = clientClass;
    }

    /** Whether this module is in the running function's package (its client class can be loaded). */
    public boolean packaged() {
        try {
            Class.forName(clientClass, false, SdkModule.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
