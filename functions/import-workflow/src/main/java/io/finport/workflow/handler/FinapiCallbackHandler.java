package io.finport.workflow.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.finport.workflow.Workflow;
import io.finport.workflow.api.ImportApi;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportApi.ApiResponse;
import io.finport.workflow.callback.CallbackReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * API Gateway entry point of {@code POST /callbacks/finapi/{token}}: no IAM auth (finAPI cannot sign) and the body is
 * never read. An unknown, malformed or used token is a 404 that writes nothing and resumes nothing.
 */
public class FinapiCallbackHandler implements RequestStreamHandler {
    private static final String PREFIX = "/callbacks/finapi/";

    private final CallbackReceiver receiver;

    public FinapiCallbackHandler() {
        this(Workflow.fromEnvironment().callbackReceiver());
    }

    public FinapiCallbackHandler(CallbackReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ImportApiHandler.respond(this::handle, input, output, context);
    }

    ApiResponse handle(ApiRequest request) {
        String token = tokenOf(request);
        if (token == null) {
            return ImportApi.error(404, "NOT_FOUND", null, "no such route", Map.of());
        }
        if (!"POST".equals(request.method())) {
            return ImportApi.error(405, "METHOD_NOT_ALLOWED", null, "use POST", Map.of("Allow", "POST"));
        }
        if (!receiver.receive(token)) {
            return ImportApi.error(404, "NOT_FOUND", "token", "is unknown or was already used", Map.of());
        }
        return ImportApi.json(200, "{\"received\":true}", Map.of());
    }

    /** The token from API Gateway's path parameter, or from the path itself (a proxy without parameters). */
    private static String tokenOf(ApiRequest request) {
        String fromParameters = request.pathParameters() == null
                ? null
                : request.pathParameters().get("token");
        if (fromParameters != null) return fromParameters;
        String path = request.path() == null ? "" : request.path();
        int at = path.indexOf(PREFIX);
        if (at < 0) return null;
        String rest = path.substring(at + PREFIX.length());
        return rest.isEmpty() || rest.contains("/") ? null : rest;
    }
}
