package io.finport.finapi;

/** Shared lenient lookup for the status enums: unknown, null or blank values map to the fallback. */
final class EnumParsing {

    private EnumParsing() {}

    static <E extends Enum<E>> E parse(Class<E> type, String raw, E fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String wanted = raw.trim();
        for (E constant : type.getEnumConstants()) {
            if (constant != fallback && constant.name().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        return fallback;
    }
}
