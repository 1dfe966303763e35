package io.finport.workflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SortKeysTest {
    @Test
    void padded_isWhatFormatWritesInARootLocale_forEveryMagnitudeAndSign() {
        long[] values = {0, 7, 42, 100001, 277672, 9_999_999_999L, Long.MAX_VALUE, -1, -42, Long.MIN_VALUE};
        for (long v : values) {
            assertThat(SortKeys.padded("ACCOUNT#", v))
                    .as("%d", v)
                    .isEqualTo(String.format(Locale.ROOT, "ACCOUNT#%020d", v));
        }
    }

    @Test
    void padded_sortsAsTheNumbersDo() {
        assertThat(SortKeys.padded("ITEM#", 9)).isLessThan(SortKeys.padded("ITEM#", 10));
        assertThat(SortKeys.padded("ITEM#", 99_999)).isLessThan(SortKeys.padded("ITEM#", 100_000));
    }
}
