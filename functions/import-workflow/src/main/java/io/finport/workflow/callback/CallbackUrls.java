package io.finport.workflow.callback;

import java.net.URI;

/**
 * The URLs an import registers with finAPI, each with its own single-use token.
 *
 * @param finalised       {@code callbacks.finalised}: the web form or task is final
 * @param webFormRequired {@code callbacks.webFormRequired} (tasks only): the update needs the user; null for web forms
 */
public record CallbackUrls(URI finalised, URI webFormRequired) {
    @Override
    public String toString() {
        return "CallbackUrls[redacted]"; // the tokens are secrets
    }
}
