package io.finport.sandbox;

import io.finport.sandbox.FinapiJson.Account;
import io.finport.sandbox.FinapiJson.AccountInterface;
import io.finport.sandbox.FinapiJson.AisConsent;
import io.finport.sandbox.FinapiJson.Bank;
import io.finport.sandbox.FinapiJson.BankConnection;
import io.finport.sandbox.FinapiJson.BankConnectionInterface;
import io.finport.sandbox.FinapiJson.PaymentCapabilities;
import java.time.Duration;
import java.util.List;

/** finAPI Access's JSON for a bank connection (with its bank and interface) and for an account. */
final class ConnectionViews {
    static final String DEFAULT_BLZ = "12030000";
    /** finAPI's interface download limit; 0 means no limit was set. */
    private static final int MAX_DAYS_FOR_DOWNLOAD = 0;

    private ConnectionViews() {}

    static BankConnection view(ConnectionRt c) {
        Scenario.ConnectionSpec spec = c.scenario.spec.bankConnection();
        boolean consentExpired =
                spec.updateError() != null && spec.updateError().code().equals("INVALID_CONSENT");
        AisConsent consent = consentExpired
                ? new AisConsent("NOT_PRESENT", FinapiJson.v2(c.scenario.registeredAt.minus(Duration.ofDays(1))), true)
                : new AisConsent("PRESENT", FinapiJson.v2(c.scenario.registeredAt.plus(Duration.ofDays(90))), true);
        // Consents exist only where PSD2 applies: the XS2A interface.
        BankConnectionInterface iface = new BankConnectionInterface(
                spec.bankingInterface(),
                List.of(),
                null,
                List.of(),
                "XS2A".equals(spec.bankingInterface()) ? consent : null,
                c.lastManualUpdate,
                null,
                spec.userActionRequired(),
                MAX_DAYS_FOR_DOWNLOAD);
        ScenarioRt sc = c.scenario;
        Bank bank = new Bank(
                sc.bankId,
                sc.bankName(),
                sc.spec.bank().bic(),
                sc.spec.bank().blz() != null ? sc.spec.bank().blz() : DEFAULT_BLZ,
                "DE",
                "Berlin",
                true,
                0,
                List.of(),
                false);
        String name = spec.name() != null ? spec.name() : sc.bankName();
        return new BankConnection(
                c.id,
                name,
                bank,
                c.updateStatus,
                c.categorizationStatus,
                List.of(iface),
                List.copyOf(c.accountIds),
                List.of());
    }

    static Account view(AccountRt a) {
        Scenario.ConnectionSpec connection = a.connection.scenario.spec.bankConnection();
        String bankingInterface =
                a.spec.bankingInterface() != null ? a.spec.bankingInterface() : connection.bankingInterface();
        boolean checking = a.spec.accountType().equals("Checking");
        List<String> capabilities = checking
                ? List.of(
                        "DATA_DOWNLOAD",
                        "IBAN_ONLY_SEPA_MONEY_TRANSFER",
                        "SEPA_MONEY_TRANSFER",
                        "SEPA_COLLECTIVE_MONEY_TRANSFER")
                : List.of("DATA_DOWNLOAD");
        AccountInterface iface = new AccountInterface(
                bankingInterface,
                a.status,
                capabilities,
                new PaymentCapabilities(checking, false, false, checking, checking, false, false),
                FinapiJson.v2(a.lastSuccess),
                FinapiJson.v2(a.connection.lastUpdateAttempt));
        return new Account(
                a.id,
                a.connection.id,
                a.spec.accountName(),
                a.iban,
                Ibans.germanAccountNumber(a.iban),
                null,
                a.spec.accountHolderName() != null ? a.spec.accountHolderName() : "Max Mustermann",
                null,
                a.spec.currency() != null ? a.spec.currency() : "EUR",
                a.spec.accountType(),
                a.balance,
                null,
                null,
                null,
                a.isNew,
                List.of(iface),
                false);
    }
}
