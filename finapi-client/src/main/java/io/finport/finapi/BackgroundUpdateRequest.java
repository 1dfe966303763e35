package io.finport.finapi;

import java.util.List;

/**
 * Body of Web Form 2.0 {@code POST /api/tasks/backgroundUpdate}: the update for mandators without their own PSD2
 * licence (or licensed ones that use finAPI's web form).
 *
 * @param bankConnectionId      the connection to update
 * @param importNewAccountsMode SKIP, CONDITIONAL or FORCED; null = finAPI's default (SKIP)
 * @param allowedInterfaces     only these interfaces are updated; null = all
 * @param callbackUrl           HTTPS URL finAPI POSTs to once the task is final ({@code callbacks.finalised})
 * @param webFormRequiredUrl    HTTPS URL finAPI POSTs to when the update needs the user's web form
 *                              ({@code callbacks.webFormRequired})
 * @param userMetadata          the end user's device when the user is present, null otherwise
 */
public record BackgroundUpdateRequest(
        long bankConnectionId,
        String importNewAccountsMode,
        List<String> allowedInterfaces,
        String callbackUrl,
        String webFormRequiredUrl,
        PsuMetadata userMetadata) {

    /** Without the {@code webFormRequired} callback. */
    public BackgroundUpdateRequest(
            long bankConnectionId,
            String importNewAccountsMode,
            List<String> allowedInterfaces,
            String callbackUrl,
            PsuMetadata userMetadata) {
        this(bankConnectionId, importNewAccountsMode, allowedInterfaces, callbackUrl, null, userMetadata);
    }

    public BackgroundUpdateRequest {
        allowedInterfaces = allowedInterfaces == null ? null : List.copyOf(allowedInterfaces);
        if (importNewAccountsMode != null
                && !List.of("SKIP", "CONDITIONAL", "FORCED").contains(importNewAccountsMode)) {
            throw new IllegalArgumentException("importNewAccountsMode must be SKIP, CONDITIONAL or FORCED");
        }
    }
}
