package io.finport.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Floor 3 of the cold-start benchmark: the client of floor 2, then one GetItem on the handlers' table (a key that does
 * not exist). The least a handler that reads anything from AWS pays: the SDK's first-call work (request pipeline,
 * signing, endpoint rules, marshalling, the connection) on top of building the client.
 */
public class SdkCallHandler implements RequestStreamHandler {
    private final DynamoDbClient dynamoDb = SdkClientHandler.dynamoDbClient();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        boolean found = dynamoDb.getItem(b -> b.tableName(System.getenv("TABLE_NAME"))
                        .key(Map.of("pk", AttributeValue.fromS("COLDSTART#FLOOR"), "sk", AttributeValue.fromS("NONE"))))
                .hasItem();
        output.write(("{\"found\":" + found + "}").getBytes(StandardCharsets.UTF_8));
    }
}
