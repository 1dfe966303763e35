package io.finport.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ApiAddressTest {

    @Test
    void onAws_theOutputIsTheAddress() {
        assertThat(ApiAddress.of("https://abc123.execute-api.eu-central-1.amazonaws.com/v1", null))
                .isEqualTo(URI.create("https://abc123.execute-api.eu-central-1.amazonaws.com/v1"));
    }

    @Test
    void onLocalStack_theApiIsReachedThroughItsExecuteApiRoute() {
        assertThat(ApiAddress.of(
                        "https://jlwlwdfnv1.execute-api.127.0.0.1:40763/v1", URI.create("http://127.0.0.1:40763/")))
                .isEqualTo(URI.create("http://127.0.0.1:40763/_aws/execute-api/jlwlwdfnv1/v1"));
    }

    @Test
    void anOutputOfAnotherShape_isKeptAsItIs() {
        assertThat(ApiAddress.of("http://127.0.0.1:8080/v1", URI.create("http://127.0.0.1:4566")))
                .isEqualTo(URI.create("http://127.0.0.1:8080/v1"));
    }
}
