package io.finport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensitiveDataPatternsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "iban=DE89370400440532013000                   | true",
                "{\"iban\":\"DE89 3704 0044 0532 0130 00\"}     | true",
                "to NO93 8601 1117 947 today                 | true",
                "FR1420041010050500013M02606                 | true",
                "MT84MALT011000012345MTLCAST001S             | true",
                "DE12345678901234567890 (fake checksum)      | true",
                "masked DE•• •••• •••• •••• ••30 00          | false",
                "requestId=de89370400440532013000            | false",
                "accountId=123456789012345678                | false",
                "executionArn ends with DE89 in text         | false",
                "NULL                                        | false"
            })
    void containsIban_whenScanningText_findsIbansWithOrWithoutSpaces(String text, boolean expected) {
        assertThat(SensitiveDataPatterns.containsIban(text)).isEqualTo(expected);
    }
}
