package io.finport.workflow.store;

/**
 * One account of an import (pk IMPORT#id, sk ACCOUNT#id). The IBAN is stored masked only: the product reports
 * what happened to an account, it is not a copy of the bank data. Balances are not stored.
 *
 * @param downloading true while finAPI is still downloading it (shown early, before the import ends)
 */
public record AccountItem(
        long accountId,
        String accountName,
        String accountType,
        String ibanMasked,
        String currency,
        String status,
        String bankingInterface,
        boolean downloading) {}
