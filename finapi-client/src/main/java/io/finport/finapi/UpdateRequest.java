package io.finport.finapi;

import java.util.Objects;

/**
 * Body of {@code POST /api/v2/bankConnections/update}.
 *
 * @param bankConnectionId  the connection to update
 * @param bankingInterface  WEB_SCRAPER, FINTS_SERVER or XS2A (required by finAPI V2)
 * @param importNewAccounts null = finAPI default (false)
 */
public record UpdateRequest(long bankConnectionId, String bankingInterface, Boolean importNewAccounts) {

    public UpdateRequest {
        Objects.requireNonNull(bankingInterface, "bankingInterface");
    }
}
