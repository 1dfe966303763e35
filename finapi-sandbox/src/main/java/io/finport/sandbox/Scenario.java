package io.finport.sandbox;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

/**
 * A parsed and validated scenario file. See README.md for the JSON format; {@link ScenarioParser} builds it.
 * Poll counts use {@link #NEVER} for {@code "never"}.
 */
record Scenario(
        String name,
        String description,
        Expect expect,
        Type type,
        BankSpec bank,
        UserSpec user,
        WebFormSpec webForm,
        ConnectionSpec bankConnection,
        List<AccountSpec> accounts,
        AuthSpec auth,
        List<FaultSpec> faults,
        TaskSpec task) {

    static final int NEVER = -1;
    static final Set<String> BANKING_INTERFACES = Set.of("XS2A", "FINTS_SERVER", "WEB_SCRAPER");
    /** A web form's final statuses: it changes no more. */
    static final Set<String> WEB_FORM_FINAL = Set.of("COMPLETED", "ABORTED", "EXPIRED", "COMPLETED_WITH_ERROR");
    /** A background update task's final statuses (WEB_FORM_REQUIRED hands the rest to the user's web form). */
    static final Set<String> TASK_FINAL = Set.of("COMPLETED", "WEB_FORM_REQUIRED", "COMPLETED_WITH_ERROR");

    enum Type {
        IMPORT,
        UPDATE,
        TRACK
    }

    record Expect(String outcome, List<String> warnings) {}

    record BankSpec(String name, String blz, String bic) {}

    record UserSpec(String id, String password) {}

    /**
     * A web form; final after {@code pollsUntilFinal} polls, or (with {@code finalAfterMillis}) that long after it was
     * created, polled or not (a person finishing it). {@code callback} decides what happens to finAPI's callback.
     */
    record WebFormSpec(
            int pollsUntilFinal, String status, String errorCode, String errorMessage, CallbackSpec callback) {
        WebFormSpec(int pollsUntilFinal, String status, String errorCode, String errorMessage) {
            this(pollsUntilFinal, status, errorCode, errorMessage, CallbackSpec.DEFAULT);
        }
    }

    /**
     * finAPI's callbacks of a web form or task ({@code callbacks.finalised}, {@code callbacks.webFormRequired}).
     *
     * @param finalAfterMillis the object turns final this long after it was created, without polls (null: polls only)
     * @param drop             the callback is never sent (a lost callback)
     * @param delayMillis      the callback is sent this long after the object turned final
     */
    record CallbackSpec(Integer finalAfterMillis, boolean drop, int delayMillis) {
        static final CallbackSpec DEFAULT = new CallbackSpec(null, false, 0);
    }

    /**
     * How Web Form 2.0's background update task of an UPDATE scenario ends: after {@code pollsUntilFinal} polls of
     * {@code GET /api/tasks/{id}} it is {@code status}; {@code webForm} is the form a WEB_FORM_REQUIRED task hands out.
     */
    record TaskSpec(int pollsUntilFinal, String status, String errorCode, WebFormSpec webForm, CallbackSpec callback) {
        TaskSpec(int pollsUntilFinal, String status, String errorCode, WebFormSpec webForm) {
            this(pollsUntilFinal, status, errorCode, webForm, CallbackSpec.DEFAULT);
        }
    }

    record ConnectionSpec(
            String name,
            String bankingInterface,
            int pollsUntilReady,
            UpdateResultSpec updateResult,
            int categorizationPollsUntilReady,
            boolean alreadyUpdating,
            boolean userActionRequired,
            UpdateErrorSpec updateError) {}

    record UpdateResultSpec(String result, String errorType, String errorMessage) {}

    record UpdateErrorSpec(int status, String code, String message, String multiStepAuthentication) {}

    record AccountSpec(
            String accountName,
            String accountType,
            String iban,
            String status,
            BigDecimal balance,
            String currency,
            String bankingInterface,
            String accountHolderName,
            boolean generatedIban) {}

    record AuthSpec(Integer tokenValidRequests) {}

    record FaultSpec(
            String request,
            Route route,
            Integer status,
            int count,
            long delayMillis,
            boolean drop,
            String body,
            String contentType,
            int afterMatches,
            String code,
            String message,
            String field) {}
}
