package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Per-interface state of an account; in V2 this is where the account status lives. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccountInterface(
        String bankingInterface, String status, String lastSuccessfulUpdate, String lastUpdateAttempt) {}
