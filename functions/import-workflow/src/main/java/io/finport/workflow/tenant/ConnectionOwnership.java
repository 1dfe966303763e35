package io.finport.workflow.tenant;

import io.finport.finapi.BankConnection;
import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiException;
import io.finport.finapi.UserCredentials;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.ConnectionOwners;
import io.finport.workflow.store.ConnectionOwners.Owner;
import io.finport.workflow.store.ImportRecord;
import java.time.Clock;
import java.util.Optional;

/**
 * Records and confirms who owns a bank connection, in the workflow (where the finAPI user is known): an IMPORT's new
 * connection belongs to the importing user; an UPDATE/TRACK of a connection not on record is confirmed by finAPI
 * returning it for the user's token (404/403 there: not this user's), and then recorded.
 */
public class ConnectionOwnership {
    private static final StructuredLog LOG = StructuredLog.of(ConnectionOwnership.class);

    private final ConnectionOwners owners;
    private final FinapiClient finapi;
    private final Clock clock;

    public ConnectionOwnership(ConnectionOwners owners, FinapiClient finapi, Clock clock) {
        this.owners = owners;
        this.finapi = finapi;
        this.clock = clock;
    }

    /**
     * @param owned      whether the import's user owns the connection
     * @param connection the connection as finAPI returned it while confirming (empty when ownership was on record)
     */
    public record Confirmation(boolean owned, Optional<BankConnection> connection) {}

    public Confirmation confirm(ImportRecord record, UserCredentials user, String requestId) {
        long id = record.bankConnectionId();
        Optional<Owner> owner = owners.find(id);
        if (owner.isPresent()) return new Confirmation(isOf(owner.get(), record), Optional.empty());
        BankConnection connection;
        try {
            connection = finapi.getBankConnection(user, id, requestId);
        } catch (FinapiException e) {
            if (e.httpStatus() == 404 || e.httpStatus() == 403) {
                LOG.warn("bank connection is not this user's", "bankConnectionId", id, "status", e.httpStatus());
                return new Confirmation(false, Optional.empty());
            }
            throw e;
        }
        Owner onRecord = owners.record(id, ownerOf(record, user));
        return new Confirmation(isOf(onRecord, record), Optional.of(connection));
    }

    /** The connection an IMPORT's web form created belongs to the importing user. */
    public void recordImported(ImportRecord record, long bankConnectionId, UserCredentials user) {
        Owner onRecord = owners.record(bankConnectionId, ownerOf(record, user));
        if (!isOf(onRecord, record)) {
            // finAPI ids are never reused, so this means a record was written by hand: keep the first owner.
            LOG.error("imported connection already owned by someone else", "bankConnectionId", bankConnectionId);
        }
    }

    private Owner ownerOf(ImportRecord record, UserCredentials user) {
        return new Owner(record.callerId(), record.userReference(), user.username(), clock.instant());
    }

    private static boolean isOf(Owner owner, ImportRecord record) {
        return owner.callerId().equals(record.callerId())
                && owner.userReference().equals(record.userReference());
    }
}
