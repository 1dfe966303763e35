package io.finport.domain;

import java.util.List;

/**
 * A finAPI account after the connection became READY.
 *
 * @param legacyStatus the deprecated V1 top-level {@code status}; only used when no interface carries a status
 */
public record AccountSnapshot(long accountId, List<AccountInterfaceSnapshot> interfaces, String legacyStatus) {

    public AccountSnapshot {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }
}
