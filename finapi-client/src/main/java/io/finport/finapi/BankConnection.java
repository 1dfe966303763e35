package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A finAPI V2 bank connection. Status fields are raw strings because finAPI may add values; use
 * {@link UpdateStatus#parse(String)} and {@link CategorizationStatus#parse(String)}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BankConnection(
        Long id,
        String name,
        Bank bank,
        String updateStatus,
        String categorizationStatus,
        List<Long> accountIds,
        List<BankConnectionInterface> interfaces) {

    public BankConnection {
        accountIds = ModelLists.copyWithoutNulls(accountIds);
        interfaces = ModelLists.copyWithoutNulls(interfaces);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bank(Long id, String name) {}
}
