package io.finport.sandbox;

import java.math.BigInteger;

/** German IBANs with correct ISO 7064 mod-97 check digits, so generated accounts pass client-side validation. */
final class Ibans {
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private Ibans() {}

    /** DE IBAN for a bank code (8 digits) and account number (up to 10 digits, zero-padded). */
    static String german(String blz, long accountNumber) {
        String bban = blz + String.format("%010d", accountNumber);
        int check = 98 - mod97(bban + "DE00");
        return "DE" + String.format("%02d", check) + bban;
    }

    static boolean isValid(String iban) {
        if (iban == null || !iban.matches("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}")) {
            return false;
        }
        return mod97(iban.substring(4) + iban.substring(0, 4)) == 1;
    }

    /** The 10-digit account number inside a DE IBAN without leading zeros, or null for other countries. */
    static String germanAccountNumber(String iban) {
        if (iban == null || !iban.startsWith("DE") || iban.length() != 22) {
            return null;
        }
        String digits = iban.substring(12).replaceFirst("^0+(?=.)", "");
        return digits;
    }

    private static int mod97(String rearranged) {
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isLetter(c) ? String.valueOf(c - 'A' + 10) : String.valueOf(c));
        }
        return new BigInteger(numeric.toString()).mod(NINETY_SEVEN).intValue();
    }
}
