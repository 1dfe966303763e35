package io.finport.workflow.handler;

import com.amazonaws.services.lambda.runtime.Context;

/** What the handlers read from Lambda's invocation context. */
final class Invocations {
    private Invocations() {}

    /** Lambda's request id of this invocation; null without a context (a test or benchmark calling the handler). */
    static String requestId(Context context) {
        return context == null ? null : context.getAwsRequestId();
    }
}
