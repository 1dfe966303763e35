package io.finport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IbanMaskTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "DE89370400440532013000       | DE•• •••• •••• •••• ••30 00",
                "DE89 3704 0044 0532 0130 00  | DE•• •••• •••• •••• ••30 00",
                "de89-3704-0044-0532-0130-00  | DE•• •••• •••• •••• ••30 00",
                "NO9386011117947              | NO•• •••• •••7 947",
                "GB29NWBK60161331926819       | GB•• •••• •••• •••• ••68 19",
                "MT84MALT011000012345MTLCAST001S | MT•• •••• •••• •••• •••• •••• •••0 01S",
                "DE8937                       | DE•• ••",
                "1234567890123456             | •••• •••• •••• 3456"
            })
    void mask_whenGivenIban_keepsCountryAndLastFourOnly(String input, String expected) {
        assertThat(IbanMask.mask(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void mask_whenNullOrBlank_returnsNull(String input) {
        assertThat(IbanMask.mask(input)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DE89370400440532013000", "NO9386011117947", "FR1420041010050500013M02606"})
    void mask_whenMasked_revealsAtMostSixRealCharactersAndNoIban(String iban) {
        String masked = IbanMask.mask(iban);

        long realCharacters = masked.chars().filter(Character::isLetterOrDigit).count();
        assertThat(realCharacters).isLessThanOrEqualTo(6);
        assertThat(SensitiveDataPatterns.containsIban(masked)).isFalse();
    }
}
