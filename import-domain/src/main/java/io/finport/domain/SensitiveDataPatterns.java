package io.finport.domain;

import java.util.regex.Pattern;

/**
 * Patterns for values that must never appear in logs, events or notifications; shared by the code and by the
 * leak-scanning tests of every module.
 *
 * <p>The IBAN patterns are deliberately structural (country letters, two check digits, 11 to 30 alphanumerics) and do
 * not verify the mod-97 checksum: a leak scan must also catch the made-up IBANs used in fixtures. They match upper
 * case only, because lower-case hex ids (hashes, request ids) would otherwise produce false alarms; finAPI and banks
 * return IBANs in upper case.
 */
public final class SensitiveDataPatterns {

    /** An IBAN written without separators, e.g. {@code DE89370400440532013000}. */
    public static final Pattern IBAN_COMPACT = Pattern.compile("\\b[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}\\b");

    /** An IBAN printed in space-separated groups of four, e.g. {@code DE89 3704 0044 0532 0130 00}. */
    public static final Pattern IBAN_GROUPED =
            Pattern.compile("\\b[A-Z]{2}[0-9]{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?\\b");

    /** Either form. */
    public static final Pattern IBAN = Pattern.compile(IBAN_COMPACT.pattern() + "|" + IBAN_GROUPED.pattern());

    private SensitiveDataPatterns() {}

    /** True if the text contains anything shaped like an IBAN, with or without spaces. Null-safe. */
    public static boolean containsIban(String text) {
        return text != null && IBAN.matcher(text).find();
    }
}
