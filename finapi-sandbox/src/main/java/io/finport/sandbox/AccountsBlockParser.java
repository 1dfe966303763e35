package io.finport.sandbox;

import static io.finport.sandbox.ScenarioFields.absent;
import static io.finport.sandbox.ScenarioFields.allowOnly;
import static io.finport.sandbox.ScenarioFields.intIn;
import static io.finport.sandbox.ScenarioFields.oneOf;
import static io.finport.sandbox.ScenarioFields.optionalText;
import static io.finport.sandbox.ScenarioFields.requireObject;
import static io.finport.sandbox.ScenarioFields.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.Scenario.AccountSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The {@code accounts} list and the {@code generateAccounts} block of a scenario. */
final class AccountsBlockParser {
    private static final Set<String> ACCOUNT_TYPES =
            Set.of("Checking", "Savings", "CreditCard", "Security", "Loan", "Membership", "Bausparen");
    private static final int MAX_GENERATED_ACCOUNTS = 20_000;

    private AccountsBlockParser() {}

    static List<AccountSpec> accounts(JsonNode node, JsonNode generate) {
        List<AccountSpec> result = new ArrayList<>();
        if (!absent(node)) {
            if (!node.isArray()) {
                throw new ScenarioValidationException("accounts", "must be an array");
            }
            for (int i = 0; i < node.size(); i++) {
                String p = "accounts[" + i + "].";
                JsonNode a = node.get(i);
                requireObject(a, "accounts[" + i + "]");
                allowOnly(
                        a,
                        p,
                        "accountName",
                        "accountType",
                        "iban",
                        "status",
                        "balance",
                        "currency",
                        "bankingInterface",
                        "accountHolderName");
                String name = optionalText(a, "accountName", p);
                BigDecimal balance = null;
                JsonNode b = a.get("balance");
                if (!absent(b)) {
                    if (!b.isNumber()) {
                        throw new ScenarioValidationException(p + "balance", "must be a number");
                    }
                    balance = b.decimalValue();
                }
                String currency = optionalText(a, "currency", p);
                if (currency != null && !currency.matches("[A-Z]{3}")) {
                    throw new ScenarioValidationException(p + "currency", "must be an ISO 4217 code like EUR");
                }
                result.add(new AccountSpec(
                        name != null ? name : "Konto " + (i + 1),
                        oneOf(a, p, "accountType", ACCOUNT_TYPES, "Checking"),
                        optionalText(a, "iban", p),
                        // Any status string is allowed: serving statuses finAPI never defined is a feature, not a bug.
                        requiredText(a, "status", p),
                        balance,
                        currency,
                        oneOf(a, p, "bankingInterface", Scenario.BANKING_INTERFACES, null),
                        optionalText(a, "accountHolderName", p),
                        false));
            }
        }
        if (!absent(generate)) {
            String p = "generateAccounts.";
            requireObject(generate, "generateAccounts");
            allowOnly(generate, p, "count", "status", "accountType", "namePrefix");
            int count = intIn(generate, p, "count", 1, MAX_GENERATED_ACCOUNTS, null);
            JsonNode statusNode = generate.get("status");
            String status = absent(statusNode) ? "UPDATED" : requiredText(generate, "status", p);
            String type = oneOf(generate, p, "accountType", ACCOUNT_TYPES, "Checking");
            String prefix = optionalText(generate, "namePrefix", p);
            for (int i = 0; i < count; i++) {
                result.add(new AccountSpec(
                        (prefix != null ? prefix : "Konto") + " " + (i + 1),
                        type,
                        null,
                        status,
                        null,
                        null,
                        null,
                        null,
                        true));
            }
        }
        return List.copyOf(result);
    }
}
