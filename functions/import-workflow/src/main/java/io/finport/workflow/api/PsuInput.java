package io.finport.workflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.finapi.PsuMetadata;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The optional {@code psu} field of {@code POST /imports}: the end user's device when the user is present, so finAPI
 * tells the bank and an XS2A update does not count against the four unattended accesses a day. Only for UPDATE.
 * Values are checked, never echoed.
 */
final class PsuInput {
    private static final Set<String> FIELDS = Set.of("ipAddress", "userAgent", "deviceOs");
    // An IPv4 or IPv6 literal; finAPI substitutes its own address for anything but IPv4, but accepts both.
    private static final Pattern IP = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,1024}");

    private PsuInput() {}

    static PsuMetadata parse(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (!node.isObject()) {
            throw new ApiException(400, "INVALID_FIELD", "psu", "must be an object {ipAddress, userAgent, deviceOs}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ApiException(
                        400, "UNKNOWN_FIELD", "psu." + ImportRequest.safeFieldName(name), "is not a field of psu");
            }
        }
        String ip = text(node, "ipAddress", IP, true, "must be an IPv4 or IPv6 address");
        String userAgent = text(node, "userAgent", PRINTABLE, false, "must be 1-1024 printable ASCII characters");
        String deviceOs = text(node, "deviceOs", PRINTABLE, false, "must be 1-1024 printable ASCII characters");
        return new PsuMetadata(ip, userAgent, deviceOs);
    }

    private static String text(JsonNode psu, String field, Pattern pattern, boolean required, String rule) {
        JsonNode value = psu.get(field);
        if (value == null || value.isNull()) {
            if (required) throw new ApiException(400, "MISSING_FIELD", "psu." + field, "is required");
            return null;
        }
        if (!value.isTextual() || !pattern.matcher(value.textValue()).matches()) {
            throw new ApiException(400, "INVALID_FIELD", "psu." + field, rule);
        }
        return value.textValue();
    }
}
