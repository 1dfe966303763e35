package io.finport.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Decides the {@link Outcome} of an import/update once finAPI reports the connection READY.
 *
 * <p>Precedence, first match wins:
 * <ol>
 *   <li>{@code userActionRequired} → USER_ACTION_REQUIRED, even when the update result is not OK: the result is
 *       usually the symptom (rejected login, missing SCA) and asking the user is the only fix, while FAILED would
 *       invite a blind retry that cannot succeed.</li>
 *   <li>The judged update result is not OK → FAILED, reason e.g. {@code "BANK_SERVER_REJECTION (BUSINESS)"}.</li>
 *   <li>No accounts → FAILED ("no accounts"); no account UPDATED/UPDATED_FIXED → FAILED ("no account could be
 *       updated"); some updated and some failed → PARTIALLY_FAILED; otherwise SUCCEEDED.</li>
 * </ol>
 * DEPRECATED accounts are reported and warned about but count neither as updated nor as failed.
 *
 * <p>Warnings are computed in every case, so a FAILED outcome still tells about adjusted balances or odd statuses.
 * CATEGORIZATION_PENDING is raised only when categorization was awaited: right after READY finAPI always starts
 * categorizing (PENDING), so flagging it otherwise would mark nearly every outcome.
 *
 * <p>Stateless and thread-safe.
 */
public final class OutcomeClassifier {

    public Classification classify(
            ImportType type,
            ConnectionSnapshot connection,
            List<AccountSnapshot> accounts,
            boolean categorizationAwaited) {
        List<AccountResult> results = new ArrayList<>();
        for (AccountSnapshot account : accounts == null ? List.<AccountSnapshot>of() : accounts) {
            results.add(resolve(account));
        }
        EnumSet<Warning> warnings = warnings(type, connection, results, categorizationAwaited);
        Optional<UpdateResultSnapshot> judged = judgedResult(type, connection);

        if (connection != null && connection.userActionRequired()) {
            String reason = judged.filter(r -> !r.isOk())
                    .map(r -> "user action required after " + describe(r))
                    .orElse("user action required");
            return new Classification(Outcome.USER_ACTION_REQUIRED, warnings, results, reason);
        }
        if (judged.isPresent() && !judged.get().isOk()) {
            return new Classification(Outcome.FAILED, warnings, results, describe(judged.get()));
        }
        if (results.isEmpty()) {
            return new Classification(Outcome.FAILED, warnings, results, "no accounts");
        }
        Map<AccountStatus, Integer> counts = countByStatus(results);
        int updated =
                counts.getOrDefault(AccountStatus.UPDATED, 0) + counts.getOrDefault(AccountStatus.UPDATED_FIXED, 0);
        long failed = results.stream().filter(r -> r.status().isFailed()).count();
        String summary = summary(counts);
        if (updated == 0) {
            return new Classification(
                    Outcome.FAILED, warnings, results, "no account could be updated (" + summary + ")");
        }
        if (failed > 0) {
            return new Classification(
                    Outcome.PARTIALLY_FAILED,
                    warnings,
                    results,
                    failed + " of " + results.size() + " accounts failed (" + summary + ")");
        }
        return new Classification(
                Outcome.SUCCEEDED,
                warnings,
                results,
                updated + " of " + results.size() + " accounts updated (" + summary + ")");
    }

    /**
     * The status that belongs to the update just run lives on the interface with the latest {@code lastUpdateAttempt};
     * interfaces without a status are ignored, ties and missing timestamps keep the first one listed. Without any
     * interface status the deprecated V1 top-level status is used.
     */
    static AccountResult resolve(AccountSnapshot account) {
        AccountInterfaceSnapshot chosen = null;
        for (AccountInterfaceSnapshot candidate : account.interfaces()) {
            if (candidate == null
                    || candidate.status() == null
                    || candidate.status().isBlank()) {
                continue;
            }
            if (chosen == null || isLater(candidate.lastUpdateAttempt(), chosen.lastUpdateAttempt())) {
                chosen = candidate;
            }
        }
        if (chosen != null) {
            return new AccountResult(
                    account.accountId(),
                    AccountStatus.parse(chosen.status()),
                    chosen.status(),
                    chosen.bankingInterface());
        }
        return new AccountResult(
                account.accountId(), AccountStatus.parse(account.legacyStatus()), account.legacyStatus(), null);
    }

    /**
     * The more recent of lastManualUpdate and lastAutoUpdate; one without a result value carries no information and is
     * skipped. When neither timestamp decides, the one matching the workflow wins: manual for IMPORT/UPDATE (we
     * triggered it), auto for TRACK (we observe finAPI's batch update).
     */
    static Optional<UpdateResultSnapshot> judgedResult(ImportType type, ConnectionSnapshot connection) {
        if (connection == null) {
            return Optional.empty();
        }
        UpdateResultSnapshot manual = informative(connection.lastManualUpdate());
        UpdateResultSnapshot auto = informative(connection.lastAutoUpdate());
        if (manual == null || auto == null) {
            return Optional.ofNullable(manual != null ? manual : auto);
        }
        if (isLater(manual.timestamp(), auto.timestamp())) {
            return Optional.of(manual);
        }
        if (isLater(auto.timestamp(), manual.timestamp())) {
            return Optional.of(auto);
        }
        return Optional.of(type == ImportType.TRACK ? auto : manual);
    }

    private static EnumSet<Warning> warnings(
            ImportType type,
            ConnectionSnapshot connection,
            List<AccountResult> results,
            boolean categorizationAwaited) {
        EnumSet<Warning> warnings = EnumSet.noneOf(Warning.class);
        for (AccountResult result : results) {
            switch (result.status()) {
                case UPDATED_FIXED -> warnings.add(Warning.BALANCE_ADJUSTED);
                case DEPRECATED -> warnings.add(Warning.ACCOUNT_DEPRECATED);
                case UNKNOWN -> warnings.add(Warning.UNEXPECTED_STATUS);
                default -> {}
            }
            // finAPI documents neither as possible on a brand-new import: flag it so someone looks.
            if (type == ImportType.IMPORT
                    && (result.status() == AccountStatus.UPDATED_FIXED
                            || result.status() == AccountStatus.DEPRECATED)) {
                warnings.add(Warning.UNEXPECTED_STATUS);
            }
        }
        if (categorizationAwaited && (connection == null || !"READY".equals(connection.categorizationStatus()))) {
            warnings.add(Warning.CATEGORIZATION_PENDING);
        }
        return warnings;
    }

    private static UpdateResultSnapshot informative(UpdateResultSnapshot result) {
        return result == null || result.result() == null || result.result().isBlank() ? null : result;
    }

    /** Strictly later; a missing timestamp is never later than anything. */
    private static boolean isLater(Instant candidate, Instant current) {
        return candidate != null && (current == null || candidate.isAfter(current));
    }

    private static String describe(UpdateResultSnapshot result) {
        String name = result.result().trim();
        return result.errorType() == null || result.errorType().isBlank()
                ? name
                : name + " (" + result.errorType().trim() + ")";
    }

    private static Map<AccountStatus, Integer> countByStatus(List<AccountResult> results) {
        Map<AccountStatus, Integer> counts = new EnumMap<>(AccountStatus.class);
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }

    private static String summary(Map<AccountStatus, Integer> counts) {
        StringJoiner joiner = new StringJoiner(", ");
        counts.forEach((status, count) -> joiner.add(status + "=" + count));
        return joiner.toString();
    }
}
