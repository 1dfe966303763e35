package io.finport.workflow.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;

/**
 * One in-process DynamoDB Local per test JVM (real conditional-write semantics), and a fresh table per test with the
 * key schema of template.yaml's ImportTable. The client counts the operations it serves, so tests can assert how many
 * requests a store method issued.
 */
public final class LocalDynamoDb {
    private static DynamoDbClient embedded;

    private final DynamoDbClient client;
    private final String tableName;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    private LocalDynamoDb(DynamoDbClient embedded, String tableName) {
        this.tableName = tableName;
        this.client = (DynamoDbClient) Proxy.newProxyInstance(
                DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), name -> new AtomicInteger())
                            .incrementAndGet();
                    try {
                        return method.invoke(embedded, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A new, empty table (pk/sk strings) on the shared embedded instance. */
    public static synchronized LocalDynamoDb newTable() {
        if (embedded == null) {
            embedded = DynamoDBEmbedded.create(true).dynamoDbClient(); // true: telemetry off
        }
        String name = "imports-" + UUID.randomUUID();
        embedded.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName("pk")
                                .attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName("sk")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName("pk")
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName("sk")
                                .keyType(KeyType.RANGE)
                                .build()));
        return new LocalDynamoDb(embedded, name);
    }

    public DynamoDbClient client() {
        return client;
    }

    public String tableName() {
        return tableName;
    }

    /** How many times the named client method (e.g. "batchWriteItem", "query") was called since the last reset. */
    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    public void resetCalls() {
        calls.clear();
    }
}
