package io.finport.domain;

import java.time.Instant;

/** One entry of finAPI {@code Account.interfaces[]}, reduced to what classification needs. All fields nullable. */
public record AccountInterfaceSnapshot(
        String bankingInterface, String status, Instant lastUpdateAttempt, Instant lastSuccessfulUpdate) {}
