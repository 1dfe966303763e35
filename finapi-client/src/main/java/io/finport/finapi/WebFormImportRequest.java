package io.finport.finapi;

import java.util.List;

/**
 * Body of Web Form 2.0 {@code POST /api/webForms/bankConnectionImport}. Every field is optional; null fields are not
 * sent.
 *
 * @param bankId             pre-selects the bank (sent as {@code "bank": {"id": ...}})
 * @param allowedInterfaces  restricts the interfaces the user may import with: WEB_SCRAPER, FINTS_SERVER, XS2A
 * @param accountTypes       Web Form 2.0's spelling: CHECKING, SAVINGS, CREDIT_CARD, SECURITY, LOAN, MEMBERSHIP,
 *                           BAUSPAREN (Access spells them Checking, Savings, CreditCard, ...)
 * @param maxDaysForDownload 0 = unlimited, otherwise up to 3650
 * @param callbackUrl        HTTPS URL finAPI POSTs to once the form is finalised ({@code callbacks.finalised})
 * @param redirectUrl        where the bank sends the user after the bank login and SCA on the bank's site. Required
 *                           for mandators with their own licence, refused (422 INVALID_REDIRECT_URL) for all others.
 *                           It is not where the browser goes after the form: that is a {@code redirectUrl} query
 *                           parameter appended to the form's {@code url}.
 */
public record WebFormImportRequest(
        Long bankId,
        List<String> allowedInterfaces,
        List<String> accountTypes,
        Integer maxDaysForDownload,
        String callbackUrl,
        String redirectUrl) {

    public WebFormImportRequest {
        allowedInterfaces = allowedInterfaces == null ? null : List.copyOf(allowedInterfaces);
        accountTypes = accountTypes == null ? null : List.copyOf(accountTypes);
    }

    /** A request without any pre-selection: the user picks the bank in the form. */
    public static WebFormImportRequest empty() {
        return new WebFormImportRequest(null, null, null, null, null, null);
    }
}
