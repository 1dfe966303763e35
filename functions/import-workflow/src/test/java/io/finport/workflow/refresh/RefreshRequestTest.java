package io.finport.workflow.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finport.workflow.api.ApiException;
import org.junit.jupiter.api.Test;

class RefreshRequestTest {

    @Test
    void parse_whenEmptyOrAllUsers_refreshesEveryKnownConnection() {
        assertThat(RefreshRequest.parse(null).userReferences()).isEmpty();
        assertThat(RefreshRequest.parse("{}").userReferences()).isEmpty();
        assertThat(RefreshRequest.parse("{\"userReferences\":null}").userReferences())
                .isEmpty();
    }

    @Test
    void parse_whenUserReferencesGiven_keepsThemSortedOnceSoTheFingerprintIgnoresOrder() {
        RefreshRequest a = RefreshRequest.parse("{\"userReferences\":[\"bob\",\"alice\",\"bob\"]}");
        RefreshRequest b = RefreshRequest.parse("{\"userReferences\":[\"alice\",\"bob\"]}");
        assertThat(a.userReferences()).containsExactly("alice", "bob");
        assertThat(a.fingerprint())
                .isEqualTo(b.fingerprint())
                .isNotEqualTo(RefreshRequest.parse("{}").fingerprint());
    }

    @Test
    void parse_whenBodyIsBad_answers4xxNamingTheFieldWithoutEchoingValues() {
        assertThatThrownBy(() -> RefreshRequest.parse("{\"userReferences\":[\"DE89370400440532013000 x\"]}"))
                .isInstanceOf(ApiException.class)
                .hasMessageNotContaining("DE89")
                .satisfies(e -> assertThat(((ApiException) e).field()).isEqualTo("userReferences"));
        assertThatThrownBy(() -> RefreshRequest.parse("{\"userReferences\":[]}"))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> RefreshRequest.parse("{\"users\":[\"a\"]}"))
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("UNKNOWN_FIELD"));
        assertThatThrownBy(() -> RefreshRequest.parse("[1]"))
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> RefreshRequest.parse("{\"userReferences\":[\"a\"],\"userReferences\":[\"b\"]}"))
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("INVALID_JSON"));
        assertThatThrownBy(() -> RefreshRequest.parse("{\"userReferences\":[\"" + "a".repeat(70_000) + "\"]}"))
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(413));
    }
}
