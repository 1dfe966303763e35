package io.finport.domain;

import java.util.Locale;

/**
 * Masks IBANs for logs, API responses and notifications.
 *
 * <p>Format: the IBAN is normalized (separators removed, upper case), every character except the two-letter country
 * code and the last four is replaced by {@code •} (U+2022), and the result is printed in groups of four like a paper
 * IBAN: {@code DE89370400440532013000} → {@code "DE•• •••• •••• •••• ••30 00"}. The check digits are masked too (they
 * are derived from the hidden part), and the length is kept because it is public per country and helps users recognise
 * their account. A bullet cannot be mistaken for a real character, unlike {@code *} or {@code X}, and never matches
 * {@link SensitiveDataPatterns#IBAN}.
 *
 * <p>Input shorter than any real IBAN (15 characters) is masked completely except the country code, so the output
 * never shows more than country code plus four real characters and never the whole value.
 */
public final class IbanMask {

    static final char BULLET = '\u2022';
    private static final int SHORTEST_IBAN = 15;
    private static final int VISIBLE_TAIL = 4;

    private IbanMask() {}

    /** Returns the masked IBAN, or null for null/blank input. */
    public static String mask(String iban) {
        if (iban == null || iban.isBlank()) {
            return null;
        }
        String compact = iban.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        if (compact.isEmpty()) {
            return null;
        }
        int tailStart = compact.length() >= SHORTEST_IBAN ? compact.length() - VISIBLE_TAIL : compact.length();
        StringBuilder out = new StringBuilder(compact.length() + compact.length() / 4);
        for (int i = 0; i < compact.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                out.append(' ');
            }
            boolean visible = (i < 2 && Character.isLetter(compact.charAt(i))) || i >= tailStart;
            out.append(visible ? compact.charAt(i) : BULLET);
        }
        return out.toString();
    }
}
