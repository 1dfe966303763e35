package io.finport.workflow.store;

/**
 * Numbers in sort keys, zero-padded to 20 digits so that they sort as numbers. Written by hand rather than with
 * {@code String.format("%020d")}, whose digits follow the JVM's default locale and which loads the JDK's locale data
 * on a cold start.
 */
public final class SortKeys {
    private static final int WIDTH = 20;

    private SortKeys() {}

    /** {@code prefix} and {@code value} in 20 ASCII digits ({@code -} first for a negative value, as %020d does). */
    public static String padded(String prefix, long value) {
        String digits = value < 0 ? Long.toString(value).substring(1) : Long.toString(value);
        if (value == Long.MIN_VALUE) digits = "9223372036854775808";
        StringBuilder key = new StringBuilder(prefix.length() + WIDTH).append(prefix);
        if (value < 0) key.append('-');
        for (int i = digits.length() + (value < 0 ? 1 : 0); i < WIDTH; i++) key.append('0');
        return key.append(digits).toString();
    }
}
