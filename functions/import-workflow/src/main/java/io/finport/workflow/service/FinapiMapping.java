package io.finport.workflow.service;

import io.finport.domain.AccountInterfaceSnapshot;
import io.finport.domain.AccountResult;
import io.finport.domain.AccountSnapshot;
import io.finport.domain.AccountStatus;
import io.finport.domain.ConnectionSnapshot;
import io.finport.domain.IbanMask;
import io.finport.domain.UpdateResultSnapshot;
import io.finport.finapi.Account;
import io.finport.finapi.AccountInterface;
import io.finport.finapi.BankConnection;
import io.finport.finapi.BankConnectionInterface;
import io.finport.finapi.FinapiTimestamps;
import io.finport.finapi.UpdateResult;
import io.finport.workflow.store.AccountItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * finAPI's models to the domain's snapshots (what the classifier reads) and to the stored account items (what the API
 * shows: IBANs masked, no balances). finAPI codes echoed into reasons pass {@link #safeCode} first.
 */
final class FinapiMapping {
    private FinapiMapping() {}

    /** The connection as the classifier sees it, through the interface that ran (or the latest updated one). */
    static ConnectionSnapshot snapshot(BankConnection connection, String preferredInterface) {
        BankConnectionInterface chosen = connection.interfaces().stream()
                .filter(i -> preferredInterface != null && preferredInterface.equals(i.bankingInterface()))
                .findFirst()
                .orElseGet(() -> connection.interfaces().stream()
                        .max(Comparator.comparing(
                                FinapiMapping::latestUpdate, Comparator.nullsFirst(Comparator.naturalOrder())))
                        .orElse(null));
        return new ConnectionSnapshot(
                connection.updateStatus(),
                connection.categorizationStatus(),
                chosen != null && Boolean.TRUE.equals(chosen.userActionRequired()),
                chosen == null ? null : result(chosen.lastManualUpdate()),
                chosen == null ? null : result(chosen.lastAutoUpdate()));
    }

    /** When finAPI says its latest update of the connection ended (any interface, manual or automatic), or null. */
    static Instant reportedUpdateEnd(BankConnection connection) {
        return connection.interfaces().stream()
                .map(FinapiMapping::latestUpdate)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    static AccountSnapshot snapshot(Account a) {
        List<AccountInterfaceSnapshot> interfaces = a.interfaces().stream()
                .map(i -> new AccountInterfaceSnapshot(
                        i.bankingInterface(),
                        i.status(),
                        FinapiTimestamps.parse(i.lastUpdateAttempt()),
                        FinapiTimestamps.parse(i.lastSuccessfulUpdate())))
                .toList();
        // finAPI V2 has no account-level status (V1 had one); the classifier reads the interfaces.
        return new AccountSnapshot(a.id(), interfaces, null);
    }

    /** The classified accounts as stored: the classifier's status, or finAPI's own code when it is not one we know. */
    static List<AccountItem> classifiedItems(List<Account> accounts, List<AccountResult> results) {
        Map<Long, AccountResult> byId = new HashMap<>();
        for (AccountResult r : results) byId.put(r.accountId(), r);
        List<AccountItem> items = new ArrayList<>(accounts.size());
        for (Account a : accounts) {
            AccountResult r = byId.get(a.id());
            String status = r == null
                    ? AccountStatus.UNKNOWN.name()
                    : (r.status() == AccountStatus.UNKNOWN && r.rawStatus() != null
                            ? safeCode(r.rawStatus())
                            : r.status().name());
            items.add(item(a, status, r != null && r.status() == AccountStatus.DOWNLOAD_IN_PROGRESS));
        }
        return items;
    }

    /** The accounts while finAPI still downloads them, marked as downloading (finAPI's own advice). */
    static List<AccountItem> downloadingItems(List<Account> accounts) {
        List<AccountItem> items = new ArrayList<>(accounts.size());
        for (Account a : accounts) {
            AccountInterface latest = latestInterface(a);
            String status = latest != null ? latest.status() : null;
            items.add(item(a, status == null ? AccountStatus.DOWNLOAD_IN_PROGRESS.name() : status, true));
        }
        return items;
    }

    /**
     * When the connection's PSD2 consent expires: the {@code aisConsent.expiresAt} of its interfaces (only XS2A has
     * one), the earliest if several do; null when none does. A refresh skips the connection once it has passed.
     */
    static Instant consentExpiry(BankConnection connection) {
        return connection.interfaces().stream()
                .map(BankConnectionInterface::aisConsent)
                .filter(c -> c != null && c.expiresAt() != null)
                .map(c -> FinapiTimestamps.parse(c.expiresAt()))
                .filter(Objects::nonNull)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    /** The interface an update uses when the request named none: finAPI's own priority, XS2A first. */
    static String preferredInterface(BankConnection connection) {
        for (String candidate : List.of("XS2A", "FINTS_SERVER", "WEB_SCRAPER")) {
            for (BankConnectionInterface i : connection.interfaces()) {
                if (candidate.equals(i.bankingInterface())) return candidate;
            }
        }
        return connection.interfaces().isEmpty()
                ? "XS2A"
                : connection.interfaces().get(0).bankingInterface();
    }

    /** finAPI codes and statuses are echoed in reasons; anything that is not a plain code is replaced. */
    static String safeCode(String value) {
        if (value == null) return "UNKNOWN";
        return value.matches("[A-Za-z0-9_]{1,64}") ? value : "UNRECOGNISED";
    }

    private static AccountItem item(Account a, String status, boolean downloading) {
        AccountInterface latest = latestInterface(a);
        return new AccountItem(
                a.id(),
                a.accountName(),
                a.accountType(),
                IbanMask.mask(a.iban()),
                a.accountCurrency(),
                status,
                latest == null ? null : latest.bankingInterface(),
                downloading);
    }

    private static AccountInterface latestInterface(Account a) {
        return a.interfaces().stream()
                .max(Comparator.comparing(
                        i -> FinapiTimestamps.parse(i.lastUpdateAttempt()),
                        Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElse(null);
    }

    private static Instant latestUpdate(BankConnectionInterface i) {
        Instant manual = i.lastManualUpdate() == null
                ? null
                : FinapiTimestamps.parse(i.lastManualUpdate().timestamp());
        Instant auto = i.lastAutoUpdate() == null
                ? null
                : FinapiTimestamps.parse(i.lastAutoUpdate().timestamp());
        if (manual == null) return auto;
        if (auto == null) return manual;
        return manual.isAfter(auto) ? manual : auto;
    }

    private static UpdateResultSnapshot result(UpdateResult r) {
        return r == null
                ? null
                : new UpdateResultSnapshot(r.result(), r.errorType(), FinapiTimestamps.parse(r.timestamp()));
    }
}
