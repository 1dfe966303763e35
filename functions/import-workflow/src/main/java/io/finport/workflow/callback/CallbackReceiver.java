package io.finport.workflow.callback;

import io.finport.workflow.log.StructuredLog;
import java.util.Optional;

/**
 * finAPI called back: a web form or task is final (or needs the user). The token alone names the import, once; the
 * only effect is that the waiting run wakes up and asks finAPI itself, so nothing finAPI (or anyone) sends is trusted.
 * The token is never logged.
 */
public class CallbackReceiver {
    private static final StructuredLog LOG = StructuredLog.of(CallbackReceiver.class);

    private final CallbackTokens tokens;
    private final CallbackWaits waits;

    public CallbackReceiver(CallbackTokens tokens, CallbackWaits waits) {
        this.tokens = tokens;
        this.waits = waits;
    }

    /** True when the token was valid (and is now used up); false for an unknown, malformed or used one. */
    public boolean receive(String token) {
        Optional<String> importId = tokens.redeem(token);
        if (importId.isEmpty()) {
            LOG.info("callback refused: unknown or used token");
            return false;
        }
        StructuredLog.correlateImport(importId.get()); // the handler clears the invocation's correlation
        CallbackWaits.Wake wake = waits.wake(importId.get());
        LOG.info("finAPI callback received", "wake", wake.name());
        return true;
    }
}
