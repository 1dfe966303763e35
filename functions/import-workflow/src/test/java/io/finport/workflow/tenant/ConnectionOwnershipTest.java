package io.finport.workflow.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.finport.domain.ImportType;
import io.finport.finapi.BankConnection;
import io.finport.finapi.FinapiBusinessException;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiTransientException;
import io.finport.finapi.UserCredentials;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ConnectionOwners.Owner;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.Records;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionOwnershipTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final UserCredentials USER = new UserCredentials("fp-a", "pw");
    private ConnectionOwners owners;
    private FinapiClient finapi;
    private ConnectionOwnership ownership;

    @BeforeEach
    void setUp() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        owners = new ConnectionOwners(db::client, db.tableName());
        finapi = mock(FinapiClient.class);
        ownership = new ConnectionOwnership(owners, finapi, Clock.fixed(T0, ZoneOffset.UTC));
    }

    private static ImportRecord record(String caller, String reference) {
        return Records.pending("imp-1", ImportType.UPDATE, caller, reference, null, 100001L, "XS2A", false, "h", T0);
    }

    private static BankConnection connection() {
        return new BankConnection(100001L, "Giro", null, "READY", "READY", List.of(), List.of());
    }

    @Test
    void confirm_whenFinapiReturnsTheConnectionForTheUser_recordsTheOwnerAndHandsTheConnectionOn() {
        when(finapi.getBankConnection(any(), anyLong(), anyString())).thenReturn(connection());

        ConnectionOwnership.Confirmation confirmation = ownership.confirm(record("caller-a", "alice"), USER, "req");

        assertThat(confirmation.owned()).isTrue();
        assertThat(confirmation.connection()).contains(connection());
        assertThat(owners.find(100001L)).contains(new Owner("caller-a", "alice", "fp-a", T0));
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 403})
    void confirm_whenFinapiDoesNotKnowTheConnectionForTheUser_isNotOwnedAndRecordsNothing(int status) {
        when(finapi.getBankConnection(any(), anyLong(), anyString()))
                .thenThrow(new FinapiBusinessException(
                        status, "UNKNOWN_ENTITY", "GET /api/v2/bankConnections/{id}", "req", null));

        assertThat(ownership.confirm(record("caller-b", "bob"), USER, "req").owned())
                .isFalse();
        assertThat(owners.find(100001L)).isEmpty();
    }

    @Test
    void confirm_whenFinapiIsUnavailable_letsTheErrorThroughForTheRetry() {
        when(finapi.getBankConnection(any(), anyLong(), anyString()))
                .thenThrow(new FinapiTransientException(
                        503, null, "GET /api/v2/bankConnections/{id}", "req", null, null, null));

        assertThatThrownBy(() -> ownership.confirm(record("caller-a", "alice"), USER, "req"))
                .isInstanceOf(FinapiTransientException.class);
    }

    @Test
    void confirm_whenOnRecord_answersWithoutAskingFinapi() {
        owners.record(100001L, new Owner("caller-a", "alice", "fp-a", T0));

        assertThat(ownership.confirm(record("caller-a", "alice"), USER, "req").owned())
                .isTrue();
        assertThat(ownership.confirm(record("caller-b", "alice"), USER, "req").owned())
                .isFalse();
        assertThat(ownership.confirm(record("caller-a", "carol"), USER, "req").owned())
                .isFalse();
        verifyNoInteractions(finapi);
    }

    @Test
    void recordImported_makesTheImportingUserTheOwner() {
        ownership.recordImported(record("caller-a", "alice"), 100009L, USER);

        assertThat(owners.find(100009L)).contains(new Owner("caller-a", "alice", "fp-a", T0));
    }
}
