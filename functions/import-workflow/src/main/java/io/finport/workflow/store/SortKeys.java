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
        String digits = Long.toString(value); // the sign, if any, counts towards the width, as with %020d
        String sign = value < 0 ? "-" : "";
        return prefix + sign + "0".repeat(Math.max(0, WIDTH - digits.length())) + digits.substring(sign.length());
    }
}
