package io.finport.domain;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The decided outcome of one import/update.
 *
 * @param warnings unmodifiable, iterates in enum order (stable SNS/DynamoDB values)
 * @param accounts in the order finAPI listed them; empty when decided before accounts were fetched
 * @param reason   short human-readable explanation; never contains IBANs or credentials
 */
public record Classification(Outcome outcome, Set<Warning> warnings, List<AccountResult> accounts, String reason) {

    public Classification {
        Objects.requireNonNull(outcome, "outcome");
        warnings = Collections.unmodifiableSet(copyOf(warnings));
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    /** The poll loop hit its deadline before finAPI reported READY. */
    public static Classification timedOut(String reason) {
        return new Classification(Outcome.TIMED_OUT, Set.of(), List.of(), reason);
    }

    /** finAPI needs the end user (e.g. SCA/web form) before anything can be downloaded. */
    public static Classification userActionRequired(String reason) {
        return new Classification(Outcome.USER_ACTION_REQUIRED, Set.of(), List.of(), reason);
    }

    /** Decided without account data, e.g. the import call itself was rejected. */
    public static Classification failed(String reason) {
        return new Classification(Outcome.FAILED, Set.of(), List.of(), reason);
    }

    private static EnumSet<Warning> copyOf(Collection<Warning> warnings) {
        return warnings == null || warnings.isEmpty() ? EnumSet.noneOf(Warning.class) : EnumSet.copyOf(warnings);
    }
}
