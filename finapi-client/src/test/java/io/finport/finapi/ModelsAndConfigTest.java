package io.finport.finapi;

import static io.finport.finapi.FinapiTestSupport.IBAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsAndConfigTest {

    @Test
    void sandboxDefaults_whenCreated_usesSandboxHostsAndTimeouts() {
        FinapiConfig config = FinapiConfig.sandboxDefaults();

        assertThat(config.accessBaseUrl()).isEqualTo(URI.create("https://sandbox.finapi.io"));
        assertThat(config.webFormBaseUrl()).isEqualTo(URI.create("https://webform-sandbox.finapi.io"));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void withBaseUrls_whenCalled_keepsTimeouts() {
        FinapiConfig config = FinapiConfig.sandboxDefaults()
                .withBaseUrls(URI.create("https://live.example"), URI.create("https://wf.example"));

        assertThat(config.accessBaseUrl()).isEqualTo(URI.create("https://live.example"));
        assertThat(config.webFormBaseUrl()).isEqualTo(URI.create("https://wf.example"));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void config_whenTimeoutNotPositive_isRejected() {
        assertThatThrownBy(() -> FinapiConfig.sandboxDefaults().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentials_toString_whenPrinted_hidesSecrets() {
        assertThat(new ClientCredentials("cid", "top-secret").toString())
                .contains("cid")
                .doesNotContain("top-secret");
        assertThat(new UserCredentials("alice", "pa55word").toString())
                .contains("alice")
                .doesNotContain("pa55word");
        assertThat(new User("alice", "pa55word", "alice@example.com", false).toString())
                .doesNotContain("pa55word")
                .doesNotContain("alice@example.com");
        assertThat(new AccessToken("at-123", "bearer", "rt-456", 3600L, "all").toString())
                .doesNotContain("at-123")
                .doesNotContain("rt-456");
    }

    @Test
    void account_toString_whenPrinted_hidesBankAndPersonalData() {
        Account account = new Account(
                11L,
                7L,
                "Giro",
                IBAN,
                "0532013000",
                "01",
                "Max Mustermann",
                "EUR",
                "Checking",
                new BigDecimal("98765.43"),
                null,
                null,
                null,
                true,
                null);

        assertThat(account.toString())
                .contains("id=11")
                .contains("Checking")
                .doesNotContain(IBAN)
                .doesNotContain("0532013000")
                .doesNotContain("98765")
                .doesNotContain("Mustermann");
        assertThat(account.interfaces()).isEmpty();
    }

    @Test
    void webForm_toString_whenPrinted_hidesOneTimeUrlAndBankMessage() {
        WebForm form = new WebForm(
                "wf-1",
                "https://webform/secret-link",
                null,
                null,
                "BANK_CONNECTION_IMPORT",
                "COMPLETED_WITH_ERROR",
                new WebForm.Payload(null, "BANK_SERVER_REJECTION", "PIN for " + IBAN));

        assertThat(form.toString())
                .contains("wf-1")
                .contains("BANK_SERVER_REJECTION")
                .doesNotContain("secret-link")
                .doesNotContain(IBAN);
    }

    @Test
    void bankConnection_whenListsContainNulls_dropsThem() {
        BankConnection connection =
                new BankConnection(1L, null, null, null, null, java.util.Arrays.asList(1L, null, 2L), null);

        assertThat(connection.accountIds()).containsExactly(1L, 2L);
        assertThat(connection.interfaces()).isEmpty();
    }

    @Test
    void webFormImportRequest_whenListMutatedLater_keepsCopy() {
        List<String> types = new java.util.ArrayList<>(List.of("Checking"));
        WebFormImportRequest request = new WebFormImportRequest(null, null, types, null, null, null);

        types.add("Savings");

        assertThat(request.accountTypes()).containsExactly("Checking");
    }
}
