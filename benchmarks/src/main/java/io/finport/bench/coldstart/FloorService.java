package io.finport.bench.coldstart;

/** The AWS services a handler of the cold-start benchmark calls, as its per-service floor ({@link SdkCallsHandler}) calls them. */
public enum FloorService {
    DYNAMODB("DynamoDB"),
    SFN("Step Functions"),
    KMS("KMS"),
    SECRETS_MANAGER("Secrets Manager"),
    SNS("SNS");

    /** The environment variable that holds a ciphertext of the benchmark's key, for the KMS floor's Decrypt. */
    public static final String CIPHERTEXT_ENV = "COLDSTART_FLOOR_CIPHERTEXT";

    private final String label;

    FloorService(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** How the floor's event names it (quoted, so that no name is part of another). */
    public String eventName() {
        return "\"" + name() + "\"";
    }
}
