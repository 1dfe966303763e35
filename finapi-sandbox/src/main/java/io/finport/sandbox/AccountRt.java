package io.finport.sandbox;

import io.finport.sandbox.Scenario.AccountSpec;
import java.math.BigDecimal;
import java.time.Instant;

/** An account at run time: fixed by its spec and connection, with the status and last success its updates set. */
final class AccountRt {
    final long id;
    final ConnectionRt connection;
    final AccountSpec spec;
    final String iban;
    final BigDecimal balance;
    final boolean isNew;
    String status;
    Instant lastSuccess;

    AccountRt(long id, ConnectionRt connection, AccountSpec spec, String iban, BigDecimal balance, boolean isNew) {
        this.id = id;
        this.connection = connection;
        this.spec = spec;
        this.iban = iban;
        this.balance = balance;
        this.isNew = isNew;
    }
}
