package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One banking interface (WEB_SCRAPER, FINTS_SERVER, XS2A) of a bank connection. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BankConnectionInterface(
        String bankingInterface,
        UpdateResult lastManualUpdate,
        UpdateResult lastAutoUpdate,
        Boolean userActionRequired,
        AisConsent aisConsent) {

    /** PSD2 consent of an XS2A interface; {@code status} is PRESENT or NOT_PRESENT. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AisConsent(String status, String expiresAt, Boolean supportsImportNewAccounts) {}
}
