package io.finport.finapi;

import java.util.Objects;

/**
 * Body of {@code POST /api/v2/bankConnections/update} (Access V2, licensed mandators).
 *
 * @param bankConnectionId  the connection to update
 * @param bankingInterface  WEB_SCRAPER, FINTS_SERVER or XS2A (required by finAPI V2)
 * @param importNewAccounts null = finAPI default (false)
 * @param psu               the end user's device when the user is present (sent as PSU-* headers), null otherwise
 */
public record UpdateRequest(
        long bankConnectionId, String bankingInterface, Boolean importNewAccounts, PsuMetadata psu) {

    public UpdateRequest {
        Objects.requireNonNull(bankingInterface, "bankingInterface");
    }

    public UpdateRequest(long bankConnectionId, String bankingInterface, Boolean importNewAccounts) {
        this(bankConnectionId, bankingInterface, importNewAccounts, null);
    }
}
