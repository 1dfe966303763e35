package io.finport.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** finAPI scopes data per user: another user's token gets 404 for connections, accounts and web forms. */
class UserScopeTest {
    private static final String UPDATE = """
      {"name":"scoped-update","type":"UPDATE","bankConnection":{"pollsUntilReady":1},
       "accounts":[{"accountName":"Giro","status":"UPDATED"}]}""";
    private static final String IMPORT = """
      {"name":"scoped-import","type":"IMPORT","webForm":{"pollsUntilFinal":1,"status":"COMPLETED"},
       "bankConnection":{"pollsUntilReady":1},"accounts":[{"accountName":"Giro","status":"UPDATED"}]}""";

    private static FinapiSandbox sandbox;
    private static SandboxClient client;
    private String alice;
    private String bob;
    private String aliceId;
    private String bobId;

    @BeforeAll
    static void start() {
        sandbox = FinapiSandbox.start(SandboxOptions.defaults().withLogRequests(false));
        client = new SandboxClient(sandbox.baseUrl());
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void users() throws Exception {
        aliceId = "alice-" + System.nanoTime();
        bobId = "bob-" + System.nanoTime();
        alice = client.newUserToken(aliceId).get("access_token").asText();
        bob = client.newUserToken(bobId).get("access_token").asText();
    }

    @Test
    void connection_whenAnotherUserAdoptedIt_answers404ToEveryOtherUser() throws Exception {
        RegisteredScenario s = sandbox.register(UPDATE);
        long id = s.bankConnectionId();
        long accountId = s.accountIds().getFirst();
        assertThat(sandbox.connectionOwner(id))
                .as("unowned until a user names it")
                .isNull();

        assertThat(client.connection(alice, id).status()).isEqualTo(200);

        assertThat(sandbox.connectionOwner(id)).isEqualTo(aliceId);
        SandboxClient.Response bobGet = client.connection(bob, id);
        assertThat(bobGet.status()).isEqualTo(404);
        assertThat(bobGet.json().at("/errors/0/code").asText()).isEqualTo("UNKNOWN_ENTITY");
        assertThat(client.update(bob, id).status()).isEqualTo(404);
        assertThat(client.get("/api/v2/accounts/" + accountId, bob).status()).isEqualTo(404);
        assertThat(client.get("/api/v2/accounts?bankConnectionIds=" + id, bob)
                        .json()
                        .get("accounts")
                        .size())
                .isZero();
        assertThat(client.get("/api/v2/accounts", bob).json().get("accounts").size())
                .isZero();
        assertThat(client.get("/api/v2/accounts", alice).json().get("accounts").size())
                .isEqualTo(1);
        assertThat(client.update(alice, id).status()).isEqualTo(200);
        assertThat(sandbox.connectionOwner(id)).isEqualTo(aliceId);
    }

    @Test
    void requestLog_namesTheUserAndConnectionOfEachUpdateCall() throws Exception {
        long id = sandbox.register(UPDATE).bankConnectionId();
        client.update(alice, id);
        client.update(bob, id);

        assertThat(sandbox.updateCalls(id)).isEqualTo(2);
        assertThat(sandbox.requests().stream().filter(r -> r.isUpdateOf(id)))
                .extracting(RecordedRequest::userId, RecordedRequest::status)
                .containsExactly(tuple(aliceId, 200), tuple(bobId, 404));
        SandboxClient.Response filtered =
                client.get("/sandbox/requests?bankConnectionId=" + id + "&userId=" + bobId, null);
        assertThat(filtered.json().size()).isEqualTo(1);
        assertThat(filtered.json().get(0).get("status").asInt()).isEqualTo(404);
    }

    @Test
    void webForm_andTheConnectionItImports_belongToTheUserWhoCreatedIt() throws Exception {
        RegisteredScenario s = sandbox.register(IMPORT);
        JsonNode form = client.postJson(
                        "/api/webForms/bankConnectionImport", alice, "{\"bank\":{\"id\":" + s.bankId() + "}}")
                .json();
        String path = "/api/webForms/" + form.get("id").asText();

        assertThat(client.get(path, bob).status()).isEqualTo(404);
        JsonNode completed = client.get(path, alice).json();

        long connectionId = completed.at("/payload/bankConnectionId").asLong();
        assertThat(sandbox.connectionOwner(connectionId)).isEqualTo(aliceId);
        assertThat(client.connection(bob, connectionId).status()).isEqualTo(404);
        assertThat(client.connection(alice, connectionId).status()).isEqualTo(200);
    }

    @Test
    void deleteUser_removesTheUserAndItsTokens() throws Exception {
        long createdBefore = sandbox.usersCreated();
        long deletedBefore = sandbox.usersDeleted();
        String carolId = "carol-" + System.nanoTime();
        String carol = client.newUserToken(carolId).get("access_token").asText();

        SandboxClient.Response deleted = client.send(client.request("/api/v2/users")
                .header("Authorization", "Bearer " + carol)
                .DELETE());

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("identifier").asText()).isEqualTo(carolId);
        assertThat(client.get("/api/v2/users", carol).status()).isEqualTo(401);
        assertThat(sandbox.usersCreated()).isEqualTo(createdBefore + 1);
        assertThat(sandbox.usersDeleted()).isEqualTo(deletedBefore + 1);
    }

    @Test
    void deleteUser_whenTheIdHasUpperCaseLetters_removesTheUser() throws Exception {
        // finAPI's user ids are case-insensitive: the user created as "Dave-…" is the one deleted.
        long deletedBefore = sandbox.usersDeleted();
        String daveId = "Dave-" + System.nanoTime();
        String dave = client.newUserToken(daveId).get("access_token").asText();

        SandboxClient.Response deleted = client.send(client.request("/api/v2/users")
                .header("Authorization", "Bearer " + dave)
                .DELETE());

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(sandbox.usersDeleted()).isEqualTo(deletedBefore + 1);
        assertThat(client.get("/api/v2/users", dave).status()).isEqualTo(401);
    }
}
