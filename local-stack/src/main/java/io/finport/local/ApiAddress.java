package io.finport.local;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a client reaches a deployed API. On AWS that is the stack's ApiUrl output
 * ({@code https://<apiId>.execute-api.<region>.<suffix>/<stage>}). LocalStack reports the same shape with its own
 * host as the suffix, a name that needs its DNS server (switched off here); it also serves every REST API under
 * {@code <endpoint>/_aws/execute-api/<apiId>/<stage>}, which needs no DNS, so that is used when an endpoint is set.
 */
final class ApiAddress {
    private static final Pattern EXECUTE_API =
            Pattern.compile("^https?://([a-z0-9]+)\\.execute-api\\.[^/]+(/[^/]+)/?$");

    private ApiAddress() {}

    static URI of(String apiUrlOutput, URI awsEndpoint) {
        Matcher m = EXECUTE_API.matcher(apiUrlOutput);
        if (awsEndpoint == null || !m.matches()) return URI.create(apiUrlOutput);
        String endpoint = awsEndpoint.toString().replaceAll("/+$", "");
        return URI.create(endpoint + "/_aws/execute-api/" + m.group(1) + m.group(2));
    }
}
