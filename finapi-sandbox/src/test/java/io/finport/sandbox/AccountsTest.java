package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountsTest {
    private static FinapiSandbox sandbox;
    private static SandboxClient client;
    private static RegisteredScenario many;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        sandbox = FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false));
        client = new SandboxClient(sandbox.baseUrl());
        many = sandbox.register("""
        {"name":"many","type":"TRACK","bankConnection":{"pollsUntilReady":1},
         "generateAccounts":{"count":2000,"status":"UPDATED"}}""");
        token = client.userToken();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static String join(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    @Test
    void getAccounts_whenMoreThan1000Ids_answers400TooManyIds() throws Exception {
        SandboxClient.Response r =
                client.get("/api/v2/accounts?ids=" + join(many.accountIds().subList(0, 1001)), token);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/code").asText()).isEqualTo("TOO_MANY_IDS");
    }

    @Test
    void getAccounts_whenGenerated2000_servesAllInChunksWithValidUniqueIbans() throws Exception {
        client.connection(token, many.bankConnectionId()); // READY after one poll

        JsonNode first = client.get(
                        "/api/v2/accounts?ids=" + join(many.accountIds().subList(0, 1000)), token)
                .json();
        JsonNode second = client.get(
                        "/api/v2/accounts?ids=" + join(many.accountIds().subList(1000, 2000)), token)
                .json();

        Set<String> ibans = new HashSet<>();
        for (JsonNode page : List.of(first, second)) {
            assertThat(page.get("accounts")).hasSize(1000);
            for (JsonNode a : page.get("accounts")) {
                assertThat(Ibans.isValid(a.get("iban").asText()))
                        .as(a.get("iban").asText())
                        .isTrue();
                assertThat(a.at("/interfaces/0/status").asText()).isEqualTo("UPDATED");
                ibans.add(a.get("iban").asText());
            }
        }
        assertThat(ibans).hasSize(2000);
        assertThat(client.connection(token, many.bankConnectionId()).json().get("accountIds"))
                .hasSize(2000);
    }

    @Test
    void getAccounts_whenUnknownIdsMixedIn_returnsOnlyKnownOnes() throws Exception {
        long known = many.accountIds().getFirst();

        JsonNode accounts = client.get("/api/v2/accounts?ids=" + known + ",1,2", token)
                .json()
                .get("accounts");

        assertThat(accounts).extracting(a -> a.get("id").asLong()).containsExactly(known);
    }

    @Test
    void getAccounts_whenIdsNotNumeric_answers400() throws Exception {
        assertThat(client.get("/api/v2/accounts?ids=1,abc", token).status()).isEqualTo(400);
    }

    @Test
    void getAccount_byId_andUnknown404() throws Exception {
        long id = many.accountIds().get(5);

        assertThat(client.get("/api/v2/accounts/" + id, token).json().get("id").asLong())
                .isEqualTo(id);
        assertThat(client.get(
                                "/api/v2/accounts/"
                                        + LongStream.of(id)
                                                .map(x -> x + 1_000_000)
                                                .sum(),
                                token)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void ibans_generated_haveCorrectCheckDigits() {
        assertThat(Ibans.german("37040044", 532013000L)).isEqualTo("DE89370400440532013000");
        assertThat(Ibans.isValid("DE02120300000000202051")).isTrue();
        assertThat(Ibans.isValid("DE03120300000000202051")).isFalse();
    }
}
