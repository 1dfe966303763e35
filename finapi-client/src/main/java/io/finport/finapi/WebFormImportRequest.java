package io.finport.finapi;

import java.util.List;

/**
 * Body of {@code POST /api/webForms/bankConnectionImport}. Every field is optional; null fields are not sent.
 *
 * @param bankId             pre-selects the bank (sent as {@code "bank": {"id": ...}})
 * @param bankingInterface   WEB_SCRAPER, FINTS_SERVER or XS2A
 * @param accountTypes       e.g. Checking, Savings, CreditCard
 * @param maxDaysForDownload 0 = unlimited, otherwise 14..3650
 * @param callbackUrl        HTTPS URL finAPI POSTs to once the form is finalised ({@code callbacks.finalised})
 * @param redirectUrl        where the user's browser goes after the form
 */
public record WebFormImportRequest(
        Long bankId,
        String bankingInterface,
        List<String> accountTypes,
        Integer maxDaysForDownload,
        String callbackUrl,
        String redirectUrl) {

    public WebFormImportRequest {
        accountTypes = accountTypes == null ? null : List.copyOf(accountTypes);
    }

    /** A request without any pre-selection: the user picks the bank in the form. */
    public static WebFormImportRequest empty() {
        return new WebFormImportRequest(null, null, null, null, null, null);
    }
}
