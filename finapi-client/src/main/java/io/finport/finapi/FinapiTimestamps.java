package io.finport.finapi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/** Parses the timestamp formats finAPI uses. Model records keep timestamps as strings; convert with this. */
public final class FinapiTimestamps {

    // V1 documents its timestamps as "german time" without an offset.
    private static final ZoneId V1_ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter V1 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");
    // Web Form 2.0 documents yyyy-MM-dd'T'HH:mm:ss.SSSZ, i.e. an offset without colon (+0100).
    private static final DateTimeFormatter WEB_FORM = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]")
            .appendOffset("+HHMM", "Z")
            .toFormatter();

    private FinapiTimestamps() {}

    /**
     * Parses an RFC 3339 timestamp with offset (V2, e.g. {@code 2020-11-19T16:54:06.854+01:00}), the Web Form form
     * ({@code ...+0100}) or the V1 form {@code yyyy-MM-dd HH:mm:ss.SSS} (German local time).
     *
     * @return the instant, or null when the input is null, blank or not in one of these forms
     */
    public static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.trim();
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException ignored) {
            // try the next format
        }
        try {
            return OffsetDateTime.parse(s, WEB_FORM).toInstant();
        } catch (DateTimeException ignored) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(s, V1).atZone(V1_ZONE).toInstant();
        } catch (DateTimeException ignored) {
            return null;
        }
    }
}
