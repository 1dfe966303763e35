package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A Web Form 2.0 task (today only {@code BANK_CONNECTION_UPDATE}). {@code status} stays a raw string
 * (see {@link TaskStatus#parse(String)}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Task(String id, String createdAt, String type, String status, Payload payload) {

    /**
     * @param webForm   set once the task needs the user ({@code WEB_FORM_REQUIRED}): the form to send the user to
     * @param errorCode set with {@code COMPLETED_WITH_ERROR}: BANK_SERVER_REJECTION, INVALID_TOKEN,
     *                  UNEXPECTED_ACCESS_RESPONSE, INTERNAL_ERROR (finAPI may add more)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payload(Long bankConnectionId, WebFormInfo webForm, String errorCode) {}

    /** The minimal web form a task points to. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WebFormInfo(String id, String url, String status) {

        @Override
        public String toString() {
            // The URL is a one-time link into the user's bank login; it must not end up in logs.
            return "WebFormInfo[id=" + id + ", status=" + status + ", url=" + (url == null ? "null" : "***") + "]";
        }
    }
}
