package io.finport.local;

import io.finport.sandbox.RecordedRequest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Peak number of finAPI updates in flight at once, from the sandbox's request log: an update is in flight from its
 * {@code POST /bankConnections/update} to the last request that names its connection afterwards (the status polls
 * that follow it). Intervals that touch at the same millisecond count as overlapping, so the figure is an upper bound.
 */
public final class UpdateConcurrency {
    private static final DateTimeFormatter V2 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final DateTimeFormatter V2_COMPACT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private UpdateConcurrency() {}

    /** @param connections the connections whose updates count (e.g. a refresh's, not imports running beside it) */
    public static int peak(List<RecordedRequest> log, Set<Long> connections) {
        Map<Long, long[]> open = new HashMap<>();
        List<long[]> intervals = new ArrayList<>();
        for (RecordedRequest r : log) {
            if (r.bankConnectionId() == null || !connections.contains(r.bankConnectionId())) continue;
            long at = millis(r.at());
            if ("POST".equals(r.method()) && RecordedRequest.UPDATE_TEMPLATE.equals(r.template())) {
                long[] interval = {at, at};
                intervals.add(interval);
                open.put(r.bankConnectionId(), interval);
            } else if (open.containsKey(r.bankConnectionId())) {
                long[] interval = open.get(r.bankConnectionId());
                interval[1] = Math.max(interval[1], at);
            }
        }
        List<long[]> events = new ArrayList<>();
        for (long[] i : intervals) {
            events.add(new long[] {i[0], 1});
            events.add(new long[] {i[1], -1});
        }
        // starts before ends at the same instant: touching intervals overlap
        events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        int current = 0;
        int peak = 0;
        for (long[] e : events) {
            current += (int) e[1];
            peak = Math.max(peak, current);
        }
        return peak;
    }

    static long millis(String v2) {
        try {
            return OffsetDateTime.parse(v2, V2).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            return OffsetDateTime.parse(v2, V2_COMPACT).toInstant().toEpochMilli();
        }
    }
}
