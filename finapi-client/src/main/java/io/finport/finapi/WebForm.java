package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A Web Form 2.0 resource. {@code status} stays a raw string (see {@link WebFormStatus#parse(String)}); timestamps
 * stay strings (see {@link FinapiTimestamps#parse(String)}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebForm(
        String id, String url, String createdAt, String expiresAt, String type, String status, Payload payload) {

    /** Outcome of the form; {@code bankConnectionId} is set once the form is final and a connection exists. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payload(Long bankConnectionId, String errorCode, String errorMessage) {

        @Override
        public String toString() {
            // errorMessage is free text from the bank; keep it out of logs by default.
            return "Payload[bankConnectionId=" + bankConnectionId + ", errorCode=" + errorCode + "]";
        }
    }

    @Override
    public String toString() {
        // The URL is a one-time link into the user's bank login; it must not end up in logs.
        return "WebForm[id=" + id + ", type=" + type + ", status=" + status + ", createdAt=" + createdAt
                + ", expiresAt=" + expiresAt + ", url=" + (url == null ? "null" : "***") + ", payload=" + payload + "]";
    }
}
