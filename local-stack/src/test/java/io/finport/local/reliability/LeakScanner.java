package io.finport.local.reliability;

import io.finport.domain.SensitiveDataPatterns;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds sensitive data in text: anything shaped like an IBAN, and the literal IBANs, account numbers, balances,
 * passwords, client secrets and tokens known to exist in this run. Findings name the kind and the place and show the
 * value masked, so a failing test does not print the secret it found.
 */
final class LeakScanner {
    /** Words that only appear where a credential is being handled. */
    private static final List<String> CREDENTIAL_MARKERS = List.of(
            "Bearer ", "access_token", "refresh_token", "client_secret", "\"password\":", "password=", "Authorization");

    private static final Pattern DIGITS = Pattern.compile("(?<![0-9])[0-9]{6,}(?![0-9])");
    private static final Pattern DECIMAL = Pattern.compile("(?<![0-9.])-?[0-9]+\\.[0-9]+(?![0-9])");
    private static final Pattern IBAN_ANY_CASE = Pattern.compile("(?i)\\b[a-z]{2}[0-9]{2}[a-z0-9]{11,30}\\b");
    private static final Pattern HEX_TOKEN = Pattern.compile("(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])");

    private final Set<String> ibans = new HashSet<>();
    private final Set<String> accountNumbers = new HashSet<>();
    private final Set<String> balances = new HashSet<>();
    private final Set<String> tokens = new HashSet<>();
    private final Set<String> literals = new HashSet<>();
    private final AtomicLong textsScanned = new AtomicLong();
    private final AtomicLong charsScanned = new AtomicLong();

    LeakScanner iban(String iban) {
        if (iban != null && !iban.isBlank())
            ibans.add(iban.toUpperCase(Locale.ROOT).replace(" ", ""));
        return this;
    }

    LeakScanner accountNumber(String number) {
        if (number != null && number.length() >= 6) accountNumbers.add(number);
        return this;
    }

    /** A balance as finAPI serialises it, e.g. {@code 2345.67} or {@code 10000.0}. */
    LeakScanner balance(String balance) {
        if (balance != null && balance.contains(".")) balances.add(balance);
        return this;
    }

    /** A 32-hex-digit access or refresh token the sandbox issued. */
    LeakScanner token(String token) {
        tokens.add(token);
        return this;
    }

    /** Any other secret value (password, client secret, account holder name), matched literally. */
    LeakScanner secret(String value) {
        if (value != null && value.length() >= 6) literals.add(value);
        return this;
    }

    int knownValues() {
        return ibans.size() + accountNumbers.size() + balances.size() + tokens.size() + literals.size();
    }

    long textsScanned() {
        return textsScanned.get();
    }

    long charsScanned() {
        return charsScanned.get();
    }

    /** All findings in one text; {@code where} names the text in the findings. */
    List<String> scan(String where, String text) {
        List<String> found = new ArrayList<>();
        if (text == null) return found;
        textsScanned.incrementAndGet();
        charsScanned.addAndGet(text.length());
        Matcher iban = SensitiveDataPatterns.IBAN.matcher(text);
        while (iban.find()) found.add(where + ": IBAN-shaped " + mask(iban.group()));
        Matcher anyCase = IBAN_ANY_CASE.matcher(text);
        while (anyCase.find()) {
            if (ibans.contains(anyCase.group().toUpperCase(Locale.ROOT)))
                found.add(where + ": known IBAN " + mask(anyCase.group()));
        }
        Matcher digits = DIGITS.matcher(text);
        while (digits.find()) {
            if (accountNumbers.contains(digits.group())) found.add(where + ": account number " + mask(digits.group()));
        }
        Matcher decimal = DECIMAL.matcher(text);
        while (decimal.find()) {
            if (balances.contains(decimal.group())) found.add(where + ": balance " + mask(decimal.group()));
        }
        Matcher hex = HEX_TOKEN.matcher(text);
        while (hex.find()) {
            if (tokens.contains(hex.group())) found.add(where + ": finAPI token " + mask(hex.group()));
        }
        for (String secret : literals) {
            if (text.contains(secret)) found.add(where + ": secret " + mask(secret));
        }
        for (String marker : CREDENTIAL_MARKERS) {
            if (text.contains(marker)) found.add(where + ": credential marker '" + marker.trim() + "'");
        }
        return found;
    }

    static String mask(String value) {
        return value.length() <= 4
                ? "****"
                : value.substring(0, 2) + "…" + value.substring(value.length() - 2) + " (" + value.length() + " chars)";
    }
}
