package io.finport.workflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.finapi.BankConnection;
import io.finport.finapi.BankConnectionInterface;
import io.finport.finapi.BankConnectionInterface.AisConsent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinapiMappingTest {

    private static BankConnection connection(BankConnectionInterface... interfaces) {
        return new BankConnection(
                100001L, "Giro", new BankConnection.Bank(1L, "Bank"), "READY", "READY", List.of(), List.of(interfaces));
    }

    private static BankConnectionInterface iface(String name, AisConsent consent) {
        return new BankConnectionInterface(name, null, null, false, consent);
    }

    @Test
    void consentExpiry_isTheXs2aConsentsExpiry() {
        BankConnection c = connection(
                iface("FINTS_SERVER", null),
                iface("XS2A", new AisConsent("PRESENT", "2027-02-22T10:00:00.000+01:00", true)));

        assertThat(FinapiMapping.consentExpiry(c)).isEqualTo(Instant.parse("2027-02-22T09:00:00Z"));
    }

    @Test
    void consentExpiry_whenSeveralInterfacesCarryOne_isTheEarliest() {
        BankConnection c = connection(
                iface("XS2A", new AisConsent("PRESENT", "2027-02-22T10:00:00.000+01:00", true)),
                iface("WEB_SCRAPER", new AisConsent("NOT_PRESENT", "2026-11-23T10:00:00.000+01:00", true)));

        assertThat(FinapiMapping.consentExpiry(c)).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    }

    @Test
    void consentExpiry_whenNoInterfaceCarriesAReadableOne_isNull() {
        assertThat(FinapiMapping.consentExpiry(connection(iface("FINTS_SERVER", null))))
                .isNull();
        assertThat(FinapiMapping.consentExpiry(connection(iface("XS2A", new AisConsent("NOT_PRESENT", null, false)))))
                .isNull();
        assertThat(FinapiMapping.consentExpiry(
                        connection(iface("XS2A", new AisConsent("PRESENT", "not a time", true)))))
                .isNull();
    }
}
