package io.finport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VocabularyTest {

    static Stream<Arguments> importTypes() {
        return Stream.of(
                Arguments.of("IMPORT", Optional.of(ImportType.IMPORT)),
                Arguments.of(" update ", Optional.of(ImportType.UPDATE)),
                Arguments.of("track", Optional.of(ImportType.TRACK)),
                Arguments.of("REFRESH", Optional.empty()),
                Arguments.of("", Optional.empty()),
                Arguments.of(null, Optional.empty()));
    }

    @ParameterizedTest
    @MethodSource("importTypes")
    void parseImportType_whenGivenInput_returnsTypeOrEmpty(String input, Optional<ImportType> expected) {
        assertThat(ImportType.parse(input)).isEqualTo(expected);
    }

    static Stream<Arguments> accountStatuses() {
        return Stream.of(
                Arguments.of("UPDATED", AccountStatus.UPDATED),
                Arguments.of("UPDATED_FIXED", AccountStatus.UPDATED_FIXED),
                Arguments.of("DOWNLOAD_IN_PROGRESS", AccountStatus.DOWNLOAD_IN_PROGRESS),
                Arguments.of("DOWNLOAD_FAILED", AccountStatus.DOWNLOAD_FAILED),
                Arguments.of("deprecated", AccountStatus.DEPRECATED),
                Arguments.of("PARTIALLY_UPDATED", AccountStatus.UNKNOWN),
                Arguments.of("UNKNOWN", AccountStatus.UNKNOWN),
                Arguments.of(" ", AccountStatus.UNKNOWN),
                Arguments.of(null, AccountStatus.UNKNOWN));
    }

    @ParameterizedTest
    @MethodSource("accountStatuses")
    void parseAccountStatus_whenGivenAnyString_neverThrows(String input, AccountStatus expected) {
        assertThat(AccountStatus.parse(input)).isEqualTo(expected);
    }
}
