package io.finport.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.domain.SensitiveDataPatterns;
import org.junit.jupiter.api.Test;

/** Unknown field names are named in 400 answers only when they cannot carry bank data (an IBAN as a field name). */
class ApiEchoTest {
    @Test
    void postImport_whenAnUnknownFieldIsNamedLikeAnIban_doesNotEchoTheIban() {
        var api = Reliability.api(Reliability.stack());

        var response = api.postImport(
                "{\"type\":\"UPDATE\",\"userReference\":\"u1\",\"bankConnectionId\":5,"
                        + "\"DE89370400440532013000\":1}",
                (String) null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").asText()).isEqualTo("UNKNOWN_FIELD");
        assertThat(SensitiveDataPatterns.containsIban(response.body())).isFalse();
    }
}
