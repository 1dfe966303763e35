package io.finport.workflow.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finport.finapi.JsonTrees;
import io.finport.workflow.Workflow;
import io.finport.workflow.api.ImportApi;
import io.finport.workflow.api.ImportApi.ApiRequest;
import io.finport.workflow.api.ImportApi.ApiResponse;
import io.finport.workflow.log.StructuredLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * API Gateway (REST, Lambda proxy) entry point. Turns the proxy event into an {@link ApiRequest} and the answer
 * into a proxy response; any failure to read the event is a 400, never a 5xx.
 */
public class ImportApiHandler implements RequestStreamHandler {
    private static final StructuredLog LOG = StructuredLog.of(ImportApiHandler.class);
    private final ImportApi api;

    public ImportApiHandler() {
        this(Workflow.fromEnvironment().api());
    }

    public ImportApiHandler(ImportApi api) {
        this.api = api;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        respond(api::handle, input, output, context);
    }

    /**
     * Reads the proxy event, lets the API answer and writes the proxy response (shared by every API function). Its log
     * lines carry the invocation's request id (and the import's id once the API knows it).
     */
    static void respond(Function<ApiRequest, ApiResponse> api, InputStream input, OutputStream output, Context context)
            throws IOException {
        StructuredLog.correlate(Invocations.requestId(context), null, null);
        try {
            write(answer(api, input), output);
        } finally {
            StructuredLog.clearCorrelation();
        }
    }

    private static ApiResponse answer(Function<ApiRequest, ApiResponse> api, InputStream input) {
        ApiResponse response;
        try {
            response = api.apply(toRequest(JsonTrees.read(input)));
        } catch (IOException | RuntimeException e) {
            // An event that cannot be read is the caller's (400): a warning; anything else is ours (500).
            if (e instanceof IOException)
                LOG.warn("request could not be read", "error", e.getClass().getName());
            else LOG.error("request could not be handled", "error", e.getClass().getName());
            response = new ApiResponse(
                    e instanceof IOException ? 400 : 500,
                    Map.of("Content-Type", "application/json"),
                    e instanceof IOException
                            ? "{\"error\":\"INVALID_REQUEST\",\"message\":\"the request could not be read\"}"
                            : "{\"error\":\"INTERNAL_ERROR\",\"message\":\"internal error\"}");
        }
        return response;
    }

    private static void write(ApiResponse response, OutputStream output) throws IOException {
        ObjectNode out = JsonTrees.NODES.objectNode();
        out.put("statusCode", response.status());
        ObjectNode headers = out.putObject("headers");
        response.headers().forEach(headers::put);
        out.put("body", response.body());
        out.put("isBase64Encoded", false);
        JsonTrees.write(out, output);
    }

    static ApiRequest toRequest(JsonNode event) {
        Map<String, String> headers = new HashMap<>();
        JsonNode h = event.path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().isTextual())
                headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().textValue());
        }
        Map<String, String> pathParameters = new HashMap<>();
        event.path("pathParameters").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual())
                pathParameters.put(e.getKey(), e.getValue().textValue());
        });
        String body = event.path("body").isTextual() ? event.path("body").textValue() : null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                body = "\u0000invalid";
            }
        }
        JsonNode context = event.path("requestContext");
        String caller = firstText(
                context.path("identity").path("userArn"),
                context.path("identity").path("caller"),
                context.path("authorizer").path("claims").path("sub"),
                context.path("authorizer").path("principalId"));
        return new ApiRequest(
                text(event.path("httpMethod")),
                text(event.path("resource")),
                text(event.path("path")),
                headers,
                pathParameters,
                body,
                caller,
                text(context.path("stage")));
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) if (n.isTextual() && !n.textValue().isBlank()) return n.textValue();
        return null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }
}
