package io.finport.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.local.LicenceMode;
import io.finport.local.LocalApiClient;
import io.finport.local.LocalStack;
import io.finport.local.ScenarioRun;
import io.finport.sandbox.RecordedRequest;
import io.finport.sandbox.RegisteredScenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The end user is present ({@code psu} on POST /imports): finAPI gets the device details with the update call, in
 * both licence modes (Access: PSU-* headers; Web Form 2.0 task: userMetadata), and afterwards they exist nowhere:
 * not in DynamoDB, the execution history or the handlers' logs.
 */
class PsuEndToEndTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String IP = "203.0.113.77";
    private static final String AGENT = "Mozilla/5.0 (PsuEndToEndTest)";
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        stack = Reliability.stack();
    }

    private ScenarioRun.Result runWithPsu(String scenarioJson) {
        ScenarioRun run = new ScenarioRun(stack);
        JsonNode scenario = readJson(scenarioJson);
        RegisteredScenario registered = stack.sandbox().register(scenarioJson);
        ObjectNode body = ScenarioRun.requestBody(scenario, registered);
        body.putObject("psu").put("ipAddress", IP).put("userAgent", AGENT).put("deviceOs", "Android 14");
        LocalApiClient.Response response =
                new LocalApiClient(stack.apiUrl()).postImport(body.toString(), "psu-" + UUID.randomUUID());
        assertThat(response.status()).isEqualTo(202);
        return run.awaitFinished(
                response.json().path("importId").asText(), registered, scenario, Duration.ofMinutes(2), null);
    }

    private void assertStoredNowhere(ScenarioRun.Result result) throws Exception {
        Map<String, AttributeValue> meta = stack.clients()
                .dynamoDb()
                .getItem(b -> b.tableName(stack.deployed().tableName())
                        .key(Map.of(
                                "pk",
                                AttributeValue.fromS("IMPORT#" + result.importId()),
                                "sk",
                                AttributeValue.fromS("META"))))
                .item();
        assertThat(meta).doesNotContainKey("sealedPsu");
        assertThat(meta.toString()).doesNotContain(IP).doesNotContain("PsuEndToEndTest");
        // Full text, including the state input/output the SDK's toString() redacts.
        String history = Reliability.history(stack, Reliability.executionArn(stack, result.importId())).stream()
                .map(Reliability::fullText)
                .collect(Collectors.joining("\n"));
        assertThat(history).contains(result.importId()).doesNotContain(IP).doesNotContain("PsuEndToEndTest");
        if (stack.isLocal()) {
            assertThat(Files.readString(stack.handlerLogFile(), StandardCharsets.UTF_8))
                    .doesNotContain(IP)
                    .doesNotContain("PsuEndToEndTest");
        }
    }

    @Test
    void licensedUpdate_sendsPsuHeaders_andKeepsNothing() throws Exception {
        String scenario = """
            {"name":"psu-licensed","type":"UPDATE","accounts":[{"status":"UPDATED"}]}""";

        ScenarioRun.Result result = runWithPsu(scenario);

        assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(stack.sandbox().requests(result.registered().scenarioId()))
                .filteredOn(r -> r.isUpdateOf(result.registered().bankConnectionId()))
                .singleElement()
                .extracting(RecordedRequest::userPresent)
                .isEqualTo(true);
        assertStoredNowhere(result);
    }

    @Test
    void unlicensedUpdate_sendsUserMetadataWithTheTask_andKeepsNothing() throws Exception {
        assumeTrue(stack.isLocal(), "switching the licence mode redeploys the local handlers");
        LocalStack.Options base = stack.options();
        stack.reconfigure(base.withMandatorLicence(LicenceMode.UNLICENSED));
        try {
            ScenarioRun.Result result = runWithPsu("""
                {"name":"psu-unlicensed","type":"UPDATE","task":{"status":"COMPLETED"},"accounts":[{"status":"UPDATED"}]}""");

            assertThat(result.finalRecord().path("outcome").asText()).isEqualTo("SUCCEEDED");
            assertThat(stack.sandbox().requests(result.registered().scenarioId()))
                    .filteredOn(r -> "/api/tasks/backgroundUpdate".equals(r.template()))
                    .singleElement()
                    .extracting(RecordedRequest::userPresent)
                    .isEqualTo(true);
            assertStoredNowhere(result);
        } finally {
            stack.reconfigure(base);
        }
    }

    @Test
    void updateWithoutPsu_isUnattended() throws Exception {
        ScenarioRun.Result result = new ScenarioRun(stack).run("""
            {"name":"psu-absent","type":"UPDATE","accounts":[{"status":"UPDATED"}]}""", Duration.ofMinutes(2), null);

        assertThat(stack.sandbox().requests(result.registered().scenarioId()))
                .filteredOn(r -> r.isUpdateOf(result.registered().bankConnectionId()))
                .singleElement()
                .extracting(RecordedRequest::userPresent)
                .isEqualTo(false);
    }

    private static JsonNode readJson(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
