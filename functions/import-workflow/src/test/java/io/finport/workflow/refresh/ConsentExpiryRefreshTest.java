package io.finport.workflow.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.domain.OutcomeClassifier;
import io.finport.domain.poll.AdaptivePollPolicy;
import io.finport.domain.poll.PollLoopState;
import io.finport.domain.poll.PollSettings;
import io.finport.finapi.Account;
import io.finport.finapi.AccountInterface;
import io.finport.finapi.BankConnection;
import io.finport.finapi.BankConnectionInterface;
import io.finport.finapi.BankConnectionInterface.AisConsent;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.UpdateResult;
import io.finport.finapi.UserCredentials;
import io.finport.workflow.callback.FinapiCallbacks;
import io.finport.workflow.execution.Executions;
import io.finport.workflow.refresh.RefreshItems.Prepared;
import io.finport.workflow.service.FinapiUsers;
import io.finport.workflow.service.ImportService;
import io.finport.workflow.store.ConnectionLocks;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ConnectionOwners.Owner;
import io.finport.workflow.store.DynamoTable;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.PollHistories;
import io.finport.workflow.tenant.ConnectionOwnership;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import io.finport.workflow.testing.Records;
import io.finport.workflow.testing.TestConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The consent expiry finAPI reports on the connection ({@code aisConsent.expiresAt} of its XS2A interface) travels
 * from the import that read it, through the import record and the connection history, to the refresh's skip rule:
 * before the expiry a refresh updates the connection, after it the refresh skips it as CONSENT_EXPIRED.
 */
class ConsentExpiryRefreshTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant CONSENT_EXPIRES = T0.plus(Duration.ofHours(1));
    private static final long CONNECTION = 100001L;
    private static final String ID = "imp-00000000000000000000c0de";
    private static final String CALLER = "caller-a";
    private static final String USER = "user-4711";

    private final LocalDynamoDb db = LocalDynamoDb.newTable();
    private final MutableClock clock = new MutableClock(T0);
    private final ImportStore store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
    private final ConnectionLocks locks = new ConnectionLocks(db::client, db.tableName());
    private final ConnectionOwners owners = new ConnectionOwners(db::client, db.tableName());
    private final ConnectionHistory history = new ConnectionHistory(db::client, db.tableName(), owners);
    private final RefreshItems refreshItems = new RefreshItems(
            new RefreshStore(db::client, db.tableName(), Duration.ofDays(90), clock),
            history,
            locks,
            store,
            new Executions(() -> null, "arn:aws:states:eu-central-1:123456789012:stateMachine:import"),
            new SkipRules(Duration.ofMinutes(1)),
            Duration.ofHours(1),
            clock);

    private ImportService importService(FinapiClient finapi) {
        FinapiUsers users = mock(FinapiUsers.class);
        when(users.credentialsFor(anyString(), anyString(), anyString())).thenReturn(new UserCredentials("u", "p"));
        return new ImportService(
                store,
                new PollHistories(new DynamoTable(db::client, db.tableName(), clock)),
                locks,
                finapi,
                users,
                mock(ConnectionOwnership.class),
                new AdaptivePollPolicy(PollSettings.defaults()),
                new OutcomeClassifier(),
                TestConfig.config(),
                clock,
                null,
                FinapiCallbacks.off());
    }

    /** finAPI's answer after an update that worked, with a consent that expires at CONSENT_EXPIRES. */
    private static FinapiClient finapiReportingTheConsent() {
        FinapiClient finapi = mock(FinapiClient.class);
        UpdateResult ok = new UpdateResult("OK", null, null, "2026-11-24 10:00:30.000");
        BankConnectionInterface xs2a = new BankConnectionInterface(
                "XS2A", ok, null, false, new AisConsent("PRESENT", "2026-11-24T12:00:00.000+01:00", true));
        when(finapi.getBankConnection(any(), anyLong(), anyString()))
                .thenReturn(new BankConnection(
                        CONNECTION,
                        "Giro",
                        new BankConnection.Bank(277672L, "Testbank"),
                        "READY",
                        "READY",
                        List.of(7L),
                        List.of(xs2a)));
        when(finapi.getAccounts(any(), anyList(), anyString()))
                .thenReturn(List.of(new Account(
                        7L,
                        CONNECTION,
                        "Giro",
                        "DE89370400440532013000",
                        "0532013000",
                        null,
                        "Max Mustermann",
                        "EUR",
                        "Checking",
                        new BigDecimal("1.00"),
                        null,
                        null,
                        null,
                        false,
                        List.of(new AccountInterface(
                                "XS2A", "UPDATED", "2026-11-24 10:00:30.000", "2026-11-24 10:00:30.000")))));
        return finapi;
    }

    @Test
    void anImportRecordsTheConsentExpiry_andARefreshAfterItSkipsTheConnection() {
        owners.record(CONNECTION, new Owner(CALLER, USER, "finapi-user", T0));
        store.createImport(
                Records.pending(ID, ImportType.UPDATE, CALLER, USER, null, CONNECTION, "XS2A", false, "h", T0));
        locks.acquire(CONNECTION, ID, null, T0, T0.plus(Duration.ofHours(1)));

        assertThat(importService(finapiReportingTheConsent()).recordOutcome(ID, PollLoopState.READY))
                .isEqualTo(Outcome.SUCCEEDED);
        assertThat(store.get(ID).result().consentExpiresAt()).isEqualTo(CONSENT_EXPIRES);
        assertThat(history.recordEnded(store.get(ID))).isTrue(); // what Notify does at the end of every import
        assertThat(history.find(CALLER, CONNECTION).orElseThrow().consentExpiresAt())
                .isEqualTo(CONSENT_EXPIRES);

        clock.advance(Duration.ofMinutes(50)); // 10 minutes before the consent expires
        Prepared beforeExpiry = refreshItems.prepare("ref-before", CALLER, CONNECTION);
        assertThat(beforeExpiry.run())
                .as("the consent still holds: the refresh updates")
                .isTrue();
        locks.release(CONNECTION, beforeExpiry.importId());

        clock.advance(Duration.ofMinutes(20)); // 10 minutes after
        Prepared afterExpiry = refreshItems.prepare("ref-after", CALLER, CONNECTION);
        assertThat(afterExpiry.run()).isFalse();
        assertThat(afterExpiry.skipReason()).isEqualTo(SkipReason.CONSENT_EXPIRED.name());
    }
}
