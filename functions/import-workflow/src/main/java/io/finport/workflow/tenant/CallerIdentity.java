package io.finport.workflow.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tenant: who is calling, without the session part, so every session of one role is the same caller.
 * <ul>
 *   <li>assumed role {@code arn:aws:sts::123456789012:assumed-role/Worker/session-1} → the role
 *       {@code arn:aws:iam::123456789012:role/Worker}</li>
 *   <li>IAM user {@code arn:aws:iam::123456789012:user/ops/alice} → unchanged</li>
 *   <li>{@code identity.caller} without an ARN ({@code AROAEXAMPLE:session-1}) → the unique id before the colon</li>
 *   <li>Cognito {@code sub}, Lambda authorizer {@code principalId} → unchanged</li>
 * </ul>
 * Only {@link #key()}, a hash, is stored: enough to scope every item, nothing that names the caller.
 *
 * @param principal the normalized principal (never stored, never logged)
 * @param legacyKey the key earlier versions stored (hash of the raw identity, session included), for old records
 */
public record CallerIdentity(String principal, String legacyKey) {
    private static final Pattern ASSUMED_ROLE =
            Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/.+");
    private static final Pattern UNIQUE_ID_WITH_SESSION = Pattern.compile("(AROA[A-Z0-9]+):.+");
    private static final String ANONYMOUS = "anonymous";

    /** Normalizes the identity API Gateway reports; null or blank is the anonymous caller (local runs only). */
    public static CallerIdentity of(String rawIdentity) {
        String raw = rawIdentity == null || rawIdentity.isBlank() ? ANONYMOUS : rawIdentity.trim();
        return new CallerIdentity(normalize(raw), hash(raw));
    }

    static String normalize(String raw) {
        Matcher assumed = ASSUMED_ROLE.matcher(raw);
        if (assumed.matches()) {
            return "arn:" + assumed.group(1) + ":iam::" + assumed.group(2) + ":role/" + assumed.group(3);
        }
        Matcher uniqueId = UNIQUE_ID_WITH_SESSION.matcher(raw);
        if (uniqueId.matches()) {
            return uniqueId.group(1);
        }
        return raw;
    }

    /** The stored caller key: the same hash earlier versions used, so IAM users, Cognito and Lambda callers keep theirs. */
    public String key() {
        return hash(principal);
    }

    /** True when a stored caller key belongs to this caller (under the current or the legacy, per-session scheme). */
    public boolean owns(String storedKey) {
        return storedKey != null && (storedKey.equals(key()) || storedKey.equals(legacyKey));
    }

    private static String hash(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("caller:" + identity).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "CallerIdentity[key=" + key() + "]";
    }
}
