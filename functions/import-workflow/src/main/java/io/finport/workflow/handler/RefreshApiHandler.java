package io.finport.workflow.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.finport.workflow.Workflow;
import io.finport.workflow.refresh.RefreshApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** API Gateway entry point of {@code POST /refreshes} and {@code GET /refreshes/{refreshId}}. */
public class RefreshApiHandler implements RequestStreamHandler {
    private final RefreshApi api;

    public RefreshApiHandler() {
        this(Workflow.fromEnvironment().refreshes().api());
    }

    public RefreshApiHandler(RefreshApi api) {
        this.api = api;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ImportApiHandler.respond(api::handle, input, output, context);
    }
}
