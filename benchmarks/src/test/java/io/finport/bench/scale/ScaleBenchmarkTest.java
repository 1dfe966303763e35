package io.finport.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.bench.Stats;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleBenchmarkTest {

    @Test
    void stateBytes_whenSameOutcome_doesNotDependOnAnythingElse() throws Exception {
        int succeeded = ScaleBenchmark.stateBytes("SUCCEEDED");

        // The outcome, two flags and an SNS message id: no account data, whatever the connection holds.
        assertThat(succeeded).isEqualTo(ScaleBenchmark.stateBytes("SUCCEEDED")).isLessThan(150);
    }

    @Test
    void base64Cipher_whenRoundTrip_returnsThePassword() {
        ScaleBenchmark.Base64PasswordCipher cipher = new ScaleBenchmark.Base64PasswordCipher();

        String ciphertext = cipher.encrypt("secret-password", "caller-1", "user-1");

        assertThat(ciphertext).doesNotContain("secret-password");
        assertThat(cipher.decrypt(ciphertext, "caller-1", "user-1")).isEqualTo("secret-password");
    }

    @Test
    void median_whenOddAndEvenCounts_takesTheMiddle() {
        assertThat(Stats.median(List.of(5, 1, 3))).isEqualTo(3.0);
        assertThat(Stats.median(List.of(4, 1, 3, 2))).isEqualTo(2.5);
        assertThat(Stats.median(List.<Integer>of())).isNaN();
    }

    @Test
    void scalingExponent_whenLinearOrAmortised_isOneOrLess() {
        assertThat(Stats.scalingExponent(100, 50, 2000, 1000))
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Stats.scalingExponent(100, 200, 2000, 1500)).isLessThan(1.0);
    }

    @Test
    void requestCounter_whenReset_startsFromZero() {
        RequestCounter counter = new RequestCounter();

        assertThat(counter.total()).isZero();
        assertThat(counter.count("BatchWriteItem")).isZero();
        counter.reset();
        assertThat(counter.snapshot()).isEmpty();
    }
}
