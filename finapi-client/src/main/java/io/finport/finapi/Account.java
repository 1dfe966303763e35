package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.List;

/**
 * A finAPI account. {@code status} is the deprecated V1 top-level field and is usually null in V2; the V2 status is
 * per interface in {@link #interfaces()}. {@link #toString()} leaves out bank and personal data.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Account(
        @JsonProperty("id") Long id,
        @JsonProperty("bankConnectionId") Long bankConnectionId,
        @JsonProperty("accountName") String accountName,
        @JsonProperty("iban") String iban,
        @JsonProperty("accountNumber") String accountNumber,
        @JsonProperty("subAccountNumber") String subAccountNumber,
        @JsonProperty("accountHolderName") String accountHolderName,
        @JsonProperty("accountCurrency") String accountCurrency,
        @JsonProperty("accountType") String accountType,
        @JsonProperty("balance") BigDecimal balance,
        @JsonProperty("overdraft") BigDecimal overdraft,
        @JsonProperty("overdraftLimit") BigDecimal overdraftLimit,
        @JsonProperty("availableFunds") BigDecimal availableFunds,
        @JsonProperty("isNew") Boolean isNew,
        @JsonProperty("interfaces") List<AccountInterface> interfaces) {

    public Account {
        interfaces = ModelLists.copyWithoutNulls(interfaces);
    }

    @Override
    public String toString() {
        return "Account[id=" + id + ", bankConnectionId=" + bankConnectionId + ", accountType=" + accountType
                + ", accountCurrency=" + accountCurrency + ", isNew=" + isNew
                + ", interfaces=" + interfaces + "]";
    }
}
