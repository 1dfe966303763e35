package io.finport.bench.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The workflow's table for a benchmark's local DynamoDB (moto or DynamoDB Local). */
public final class ImportTables {
    private ImportTables() {}

    /** Creates it with the ImportTable's keys as in template.yaml: pk (HASH) and sk (RANGE), both strings. */
    public static void create(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(b -> b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(
                        k -> k.attributeName("pk").keyType("HASH"),
                        k -> k.attributeName("sk").keyType("RANGE"))
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S)));
    }
}
