package io.finport.sandbox;

import java.util.ArrayList;
import java.util.List;

/** finAPI's numeric ids in paths and comma-separated query parameters. */
final class Ids {
    private Ids() {}

    /** The id, or null when the text is not 1-18 digits. */
    static Long parseOrNull(String s) {
        if (s == null || !s.matches("\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(s);
    }

    /** The ids of a comma-separated list, or null when one of them is not an id. */
    static List<Long> listOrNull(String raw) {
        List<Long> ids = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            Long id = parseOrNull(part.trim());
            if (id == null) {
                return null;
            }
            ids.add(id);
        }
        return ids;
    }

    /** Like {@link #listOrNull}, but an absent or invalid list is empty. */
    static List<Long> listOrEmpty(String raw) {
        if (raw == null) {
            return List.of();
        }
        List<Long> ids = listOrNull(raw);
        return ids == null ? List.of() : ids;
    }
}
