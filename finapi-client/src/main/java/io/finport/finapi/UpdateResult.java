package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Result of the last manual or automatic update of a bank connection interface. {@code result} is raw (see
 * {@link UpdateResultCode#parse(String)}); "OK" only means finAPI could log in, not that every account updated.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpdateResult(String result, String errorMessage, String errorType, String timestamp) {

    @Override
    public String toString() {
        return "UpdateResult[result=" + result + ", errorType=" + errorType + ", timestamp=" + timestamp + "]";
    }
}
