package io.finport.workflow.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.task.Json;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.TestApis;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sfn.SfnClient;

class ImportApiHandlerTest {
    private ImportApiHandler handler;

    @BeforeEach
    void setUp() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        ImportStore store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        SfnClient sfn = mock(SfnClient.class);
        handler = new ImportApiHandler(TestApis.api(
                db::client,
                db.tableName(),
                store,
                sfn,
                "arn:aws:states:eu-central-1:123456789012:stateMachine:sm",
                Duration.ofHours(1),
                Clock.systemUTC()));
    }

    private JsonNode invoke(String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void handleRequest_withSampleEvents_postsThenReadsTheImport() throws Exception {
        JsonNode posted = invoke(EventsTest.read("api-post-import.json").toString());

        assertThat(posted.path("statusCode").asInt()).isEqualTo(202);
        assertThat(posted.path("isBase64Encoded").asBoolean()).isFalse();
        String importId = Json.MAPPER
                .readTree(posted.path("body").asText())
                .path("importId")
                .asText();
        assertThat(posted.path("headers").path("Location").asText()).isEqualTo("/v1/imports/" + importId);

        ObjectNode get = (ObjectNode) EventsTest.read("api-get-import.json");
        get.put("path", "/imports/" + importId);
        ((ObjectNode) get.path("pathParameters")).put("importId", importId);
        JsonNode read = invoke(get.toString());

        assertThat(read.path("statusCode").asInt()).isEqualTo(200);
        assertThat(Json.MAPPER
                        .readTree(read.path("body").asText())
                        .path("status")
                        .asText())
                .isEqualTo("PENDING");
        assertThat(invoke(EventsTest.read("api-get-import.json").toString())
                        .path("statusCode")
                        .asInt())
                .as("the sample id does not exist")
                .isEqualTo(404);
    }

    @Test
    void handleRequest_whenBodyBase64Encoded_decodesIt() throws Exception {
        ObjectNode event = (ObjectNode) EventsTest.read("api-post-import.json");
        event.put(
                "body",
                Base64.getEncoder().encodeToString(event.path("body").asText().getBytes(StandardCharsets.UTF_8)));
        event.put("isBase64Encoded", true);

        assertThat(invoke(event.toString()).path("statusCode").asInt()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[]",
                "{}",
                "null",
                "{\"httpMethod\":\"POST\",\"resource\":\"/imports\",\"body\":\"!!!\",\"isBase64Encoded\":true}",
                "{\"httpMethod\":\"POST\",\"resource\":\"/imports\",\"headers\":{\"Content-Type\":5},\"body\":\"{}\"}"
            })
    void handleRequest_whenEventMalformed_answers4xx(String event) throws Exception {
        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).isBetween(400, 499);
        assertThat(response.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
    }

    @Test
    void toRequest_whenCognitoCaller_usesTheSubClaim() throws Exception {
        ApiRequest request = ImportApiHandler.toRequest(
                Json.MAPPER.readTree(
                        "{\"requestContext\":{\"identity\":{\"userArn\":\"\"},\"authorizer\":{\"claims\":{\"sub\":\"cognito-sub-1\"}}}}"));

        assertThat(request.callerId()).isEqualTo("cognito-sub-1");
    }
}
