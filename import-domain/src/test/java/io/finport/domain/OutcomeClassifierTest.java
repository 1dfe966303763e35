package io.finport.domain;

import static io.finport.domain.Outcome.FAILED;
import static io.finport.domain.Outcome.PARTIALLY_FAILED;
import static io.finport.domain.Outcome.SUCCEEDED;
import static io.finport.domain.Outcome.USER_ACTION_REQUIRED;
import static io.finport.domain.Warning.ACCOUNT_DEPRECATED;
import static io.finport.domain.Warning.BALANCE_ADJUSTED;
import static io.finport.domain.Warning.CATEGORIZATION_PENDING;
import static io.finport.domain.Warning.UNEXPECTED_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OutcomeClassifierTest {

    private static final Instant T0 = Instant.parse("2026-01-10T10:00:00Z");
    private static final UpdateResultSnapshot OK = new UpdateResultSnapshot("OK", null, T0);
    private static final ConnectionSnapshot READY_OK = connection(false, OK, null, "READY");

    private final OutcomeClassifier classifier = new OutcomeClassifier();

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of(
                        "all updated",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("UPDATED", "UPDATED"),
                        SUCCEEDED,
                        Set.of()),
                Arguments.of(
                        "one failed",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("UPDATED", "DOWNLOAD_FAILED"),
                        PARTIALLY_FAILED,
                        Set.of()),
                Arguments.of(
                        "still in progress after READY",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("UPDATED", "DOWNLOAD_IN_PROGRESS"),
                        PARTIALLY_FAILED,
                        Set.of()),
                Arguments.of(
                        "unknown status string",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("UPDATED", "SOMETHING_NEW"),
                        PARTIALLY_FAILED,
                        Set.of(UNEXPECTED_STATUS)),
                Arguments.of(
                        "all failed",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("DOWNLOAD_FAILED", "DOWNLOAD_FAILED"),
                        FAILED,
                        Set.of()),
                Arguments.of(
                        "only unknown",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("???"),
                        FAILED,
                        Set.of(UNEXPECTED_STATUS)),
                Arguments.of("empty account list", ImportType.IMPORT, READY_OK, statuses(), FAILED, Set.of()),
                Arguments.of(
                        "only deprecated",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("DEPRECATED", "DEPRECATED"),
                        FAILED,
                        Set.of(ACCOUNT_DEPRECATED)),
                Arguments.of(
                        "deprecated next to updated",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("UPDATED", "DEPRECATED"),
                        SUCCEEDED,
                        Set.of(ACCOUNT_DEPRECATED)),
                Arguments.of(
                        "balance fixed on update",
                        ImportType.UPDATE,
                        READY_OK,
                        statuses("UPDATED_FIXED"),
                        SUCCEEDED,
                        Set.of(BALANCE_ADJUSTED)),
                Arguments.of(
                        "balance fixed on import",
                        ImportType.IMPORT,
                        READY_OK,
                        statuses("UPDATED_FIXED"),
                        SUCCEEDED,
                        Set.of(BALANCE_ADJUSTED, UNEXPECTED_STATUS)),
                Arguments.of(
                        "deprecated on import",
                        ImportType.IMPORT,
                        READY_OK,
                        statuses("UPDATED", "DEPRECATED"),
                        SUCCEEDED,
                        Set.of(ACCOUNT_DEPRECATED, UNEXPECTED_STATUS)),
                Arguments.of(
                        "deprecated on track",
                        ImportType.TRACK,
                        READY_OK,
                        statuses("UPDATED", "DEPRECATED"),
                        SUCCEEDED,
                        Set.of(ACCOUNT_DEPRECATED)),
                Arguments.of(
                        "no result known",
                        ImportType.UPDATE,
                        connection(false, null, null, "READY"),
                        statuses("UPDATED"),
                        SUCCEEDED,
                        Set.of()),
                Arguments.of(
                        "result without value is ignored",
                        ImportType.UPDATE,
                        connection(false, new UpdateResultSnapshot(null, "TECHNICAL", T0), null, "READY"),
                        statuses("UPDATED"),
                        SUCCEEDED,
                        Set.of()),
                Arguments.of(
                        "login rejected",
                        ImportType.UPDATE,
                        connection(false, result("BANK_SERVER_REJECTION", "BUSINESS", 0), null, "READY"),
                        statuses("UPDATED"),
                        FAILED,
                        Set.of()),
                Arguments.of(
                        "unknown result value",
                        ImportType.UPDATE,
                        connection(false, result("WHATEVER", null, 0), null, "READY"),
                        statuses("UPDATED"),
                        FAILED,
                        Set.of()),
                Arguments.of(
                        "user action, login ok",
                        ImportType.UPDATE,
                        connection(true, OK, null, "READY"),
                        statuses("UPDATED"),
                        USER_ACTION_REQUIRED,
                        Set.of()),
                Arguments.of(
                        "user action beats rejection",
                        ImportType.UPDATE,
                        connection(true, result("BANK_SERVER_REJECTION", "BUSINESS", 0), null, "READY"),
                        statuses("DOWNLOAD_FAILED"),
                        USER_ACTION_REQUIRED,
                        Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void classify_whenGivenConnectionAndAccounts_decidesOutcomeAndWarnings(
            String name,
            ImportType type,
            ConnectionSnapshot connection,
            List<AccountSnapshot> accounts,
            Outcome expectedOutcome,
            Set<Warning> expectedWarnings) {
        Classification result = classifier.classify(type, connection, accounts, false);

        assertThat(result.outcome()).isEqualTo(expectedOutcome);
        assertThat(result.warnings()).containsExactlyInAnyOrderElementsOf(expectedWarnings);
        assertThat(result.accounts()).hasSameSizeAs(accounts);
        assertThat(result.reason()).isNotBlank();
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of(
                        connection(false, result("BANK_SERVER_REJECTION", "BUSINESS", 0), null, "READY"),
                        statuses("UPDATED"),
                        "BANK_SERVER_REJECTION (BUSINESS)"),
                Arguments.of(
                        connection(false, result("INTERNAL_SERVER_ERROR", null, 0), null, "READY"),
                        statuses("UPDATED"),
                        "INTERNAL_SERVER_ERROR"),
                Arguments.of(READY_OK, statuses(), "no accounts"),
                Arguments.of(READY_OK, statuses("DEPRECATED"), "no account could be updated (DEPRECATED=1)"),
                Arguments.of(
                        READY_OK,
                        statuses("UPDATED", "DOWNLOAD_FAILED"),
                        "1 of 2 accounts failed (UPDATED=1, DOWNLOAD_FAILED=1)"),
                Arguments.of(
                        connection(true, result("BANK_SERVER_REJECTION", "BUSINESS", 0), null, "READY"),
                        statuses("UPDATED"),
                        "user action required after BANK_SERVER_REJECTION (BUSINESS)"));
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void classify_whenDecided_explainsWhyInReason(
            ConnectionSnapshot connection, List<AccountSnapshot> accounts, String expectedReason) {
        assertThat(classifier
                        .classify(ImportType.UPDATE, connection, accounts, false)
                        .reason())
                .isEqualTo(expectedReason);
    }

    static Stream<Arguments> judgedResults() {
        UpdateResultSnapshot rejectedLater = result("BANK_SERVER_REJECTION", "TECHNICAL", 60);
        UpdateResultSnapshot rejectedEarlier = result("BANK_SERVER_REJECTION", "TECHNICAL", -60);
        UpdateResultSnapshot rejectedUndated = new UpdateResultSnapshot("BANK_SERVER_REJECTION", "TECHNICAL", null);
        UpdateResultSnapshot okUndated = new UpdateResultSnapshot("OK", null, null);
        return Stream.of(
                Arguments.of(ImportType.UPDATE, OK, rejectedLater, FAILED),
                Arguments.of(ImportType.UPDATE, OK, rejectedEarlier, SUCCEEDED),
                Arguments.of(ImportType.UPDATE, rejectedLater, OK, FAILED),
                Arguments.of(ImportType.UPDATE, rejectedEarlier, OK, SUCCEEDED),
                Arguments.of(ImportType.UPDATE, null, rejectedLater, FAILED),
                Arguments.of(ImportType.UPDATE, OK, rejectedUndated, SUCCEEDED),
                Arguments.of(ImportType.UPDATE, okUndated, rejectedUndated, SUCCEEDED),
                Arguments.of(ImportType.TRACK, okUndated, rejectedUndated, FAILED),
                Arguments.of(ImportType.TRACK, OK, result("BANK_SERVER_REJECTION", null, 0), FAILED));
    }

    @ParameterizedTest
    @MethodSource("judgedResults")
    void classify_whenManualAndAutoResultsExist_judgesTheMoreRecent(
            ImportType type, UpdateResultSnapshot manual, UpdateResultSnapshot auto, Outcome expected) {
        ConnectionSnapshot connection = connection(false, manual, auto, "READY");

        assertThat(classifier
                        .classify(type, connection, statuses("UPDATED"), false)
                        .outcome())
                .isEqualTo(expected);
    }

    static Stream<Arguments> interfaceSelection() {
        AccountInterfaceSnapshot fintsOld = new AccountInterfaceSnapshot("FINTS_SERVER", "DOWNLOAD_FAILED", T0, T0);
        AccountInterfaceSnapshot xs2aNew =
                new AccountInterfaceSnapshot("XS2A", "UPDATED", T0.plusSeconds(300), T0.plusSeconds(310));
        AccountInterfaceSnapshot xs2aNoStatus = new AccountInterfaceSnapshot("XS2A", null, T0.plusSeconds(600), null);
        AccountInterfaceSnapshot scraperUndated =
                new AccountInterfaceSnapshot("WEB_SCRAPER", "UPDATED_FIXED", null, null);
        AccountInterfaceSnapshot fintsUndated =
                new AccountInterfaceSnapshot("FINTS_SERVER", "DOWNLOAD_FAILED", null, null);
        AccountInterfaceSnapshot fintsSameTime = new AccountInterfaceSnapshot("FINTS_SERVER", "UPDATED", T0, null);
        return Stream.of(
                Arguments.of(List.of(fintsOld, xs2aNew), null, AccountStatus.UPDATED, "XS2A"),
                Arguments.of(List.of(xs2aNew, fintsOld), null, AccountStatus.UPDATED, "XS2A"),
                Arguments.of(List.of(fintsOld, xs2aNoStatus), "UPDATED", AccountStatus.DOWNLOAD_FAILED, "FINTS_SERVER"),
                Arguments.of(List.of(scraperUndated, fintsOld), null, AccountStatus.DOWNLOAD_FAILED, "FINTS_SERVER"),
                Arguments.of(List.of(scraperUndated, fintsUndated), null, AccountStatus.UPDATED_FIXED, "WEB_SCRAPER"),
                Arguments.of(List.of(fintsOld, fintsSameTime), null, AccountStatus.DOWNLOAD_FAILED, "FINTS_SERVER"),
                Arguments.of(List.of(xs2aNoStatus), "UPDATED", AccountStatus.UPDATED, null),
                Arguments.of(List.of(), "DOWNLOAD_FAILED", AccountStatus.DOWNLOAD_FAILED, null),
                Arguments.of(List.of(), null, AccountStatus.UNKNOWN, null));
    }

    @ParameterizedTest
    @MethodSource("interfaceSelection")
    void resolve_whenSeveralInterfaces_takesLatestAttemptElseLegacyStatus(
            List<AccountInterfaceSnapshot> interfaces,
            String legacyStatus,
            AccountStatus expectedStatus,
            String expectedInterface) {
        AccountResult result = OutcomeClassifier.resolve(new AccountSnapshot(7L, interfaces, legacyStatus));

        assertThat(result.accountId()).isEqualTo(7L);
        assertThat(result.status()).isEqualTo(expectedStatus);
        assertThat(result.bankingInterface()).isEqualTo(expectedInterface);
    }

    @Test
    void classify_whenStatusUnknown_keepsRawStatusForInvestigation() {
        Classification result =
                classifier.classify(ImportType.UPDATE, READY_OK, statuses("UPDATED", "NEW_THING"), false);

        assertThat(result.accounts()).extracting(AccountResult::rawStatus).containsExactly("UPDATED", "NEW_THING");
        assertThat(result.accounts())
                .extracting(AccountResult::status)
                .containsExactly(AccountStatus.UPDATED, AccountStatus.UNKNOWN);
    }

    static Stream<Arguments> categorization() {
        return Stream.of(
                Arguments.of(true, "READY", false),
                Arguments.of(true, "PENDING", true),
                Arguments.of(true, "IN_PROGRESS", true),
                Arguments.of(true, null, true),
                Arguments.of(false, "PENDING", false),
                Arguments.of(false, null, false));
    }

    @ParameterizedTest
    @MethodSource("categorization")
    void classify_whenCategorizationAwaited_warnsOnlyIfNotReady(boolean awaited, String status, boolean expectWarning) {
        Classification result = classifier.classify(
                ImportType.UPDATE, connection(false, OK, null, status), statuses("UPDATED"), awaited);

        assertThat(result.outcome()).isEqualTo(SUCCEEDED);
        assertThat(result.warnings().contains(CATEGORIZATION_PENDING)).isEqualTo(expectWarning);
    }

    @Test
    void classify_whenSeveralWarnings_iteratesInEnumOrder() {
        Classification result = classifier.classify(
                ImportType.IMPORT,
                connection(false, OK, null, "PENDING"),
                statuses("UPDATED_FIXED", "DEPRECATED", "X"),
                true);

        assertThat(result.warnings())
                .containsExactly(BALANCE_ADJUSTED, ACCOUNT_DEPRECATED, CATEGORIZATION_PENDING, UNEXPECTED_STATUS);
        assertThat(result.outcome()).isEqualTo(PARTIALLY_FAILED);
    }

    @Test
    void classify_whenConnectionAndAccountsNull_failsWithoutThrowing() {
        Classification result = classifier.classify(ImportType.UPDATE, null, null, false);

        assertThat(result.outcome()).isEqualTo(FAILED);
        assertThat(result.reason()).isEqualTo("no accounts");
    }

    @Test
    void factories_whenCalled_carryOutcomeAndReasonWithoutAccounts() {
        assertThat(Classification.timedOut("deadline 20m"))
                .extracting(Classification::outcome, Classification::reason)
                .containsExactly(Outcome.TIMED_OUT, "deadline 20m");
        assertThat(Classification.userActionRequired("SCA").outcome()).isEqualTo(USER_ACTION_REQUIRED);
        assertThat(Classification.failed("422").outcome()).isEqualTo(FAILED);
        assertThat(Classification.failed("422").accounts()).isEmpty();
        assertThat(Classification.failed("422").warnings()).isEmpty();
    }

    @Test
    void classification_whenBuilt_isImmutableAndKeepsEnumOrder() {
        List<AccountResult> accounts = new ArrayList<>();
        Classification c = new Classification(SUCCEEDED, Set.of(UNEXPECTED_STATUS, BALANCE_ADJUSTED), accounts, "r");
        accounts.add(new AccountResult(1, AccountStatus.UPDATED, "UPDATED", null));

        assertThat(c.accounts()).isEmpty();
        assertThat(c.warnings()).containsExactly(BALANCE_ADJUSTED, UNEXPECTED_STATUS);
        assertThat(c.warnings()).isEqualTo(EnumSet.of(BALANCE_ADJUSTED, UNEXPECTED_STATUS));
    }

    private static ConnectionSnapshot connection(
            boolean userActionRequired, UpdateResultSnapshot manual, UpdateResultSnapshot auto, String categorization) {
        return new ConnectionSnapshot("READY", categorization, userActionRequired, manual, auto);
    }

    private static UpdateResultSnapshot result(String value, String errorType, long secondsAfterT0) {
        return new UpdateResultSnapshot(value, errorType, T0.plusSeconds(secondsAfterT0));
    }

    /** One account per status, each with a single XS2A interface. */
    private static List<AccountSnapshot> statuses(String... statuses) {
        List<AccountSnapshot> accounts = new ArrayList<>();
        long id = 1;
        for (String status : Arrays.asList(statuses)) {
            accounts.add(
                    new AccountSnapshot(id++, List.of(new AccountInterfaceSnapshot("XS2A", status, T0, T0)), null));
        }
        return accounts;
    }
}
