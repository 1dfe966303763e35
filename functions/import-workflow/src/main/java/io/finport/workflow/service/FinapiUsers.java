package io.finport.workflow.service;

import io.finport.finapi.FinapiClient;
import io.finport.finapi.UserCredentials;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.store.FinapiUserItem;
import io.finport.workflow.store.ImportStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One finAPI user per caller user reference, created on first use. The password is random, shown to nobody,
 * stored only as KMS ciphertext and kept decrypted in memory for the life of the container.
 */
public class FinapiUsers {
    private static final StructuredLog LOG = StructuredLog.of(FinapiUsers.class);
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_";

    private final ImportStore store;
    private final FinapiClient finapi;
    private final PasswordCipher cipher;
    private final Clock clock;
    private final Map<String, UserCredentials> cache = new ConcurrentHashMap<>();

    public FinapiUsers(ImportStore store, FinapiClient finapi, PasswordCipher cipher, Clock clock) {
        this.store = store;
        this.finapi = finapi;
        this.cipher = cipher;
        this.clock = clock;
    }

    public UserCredentials credentialsFor(String userReference, String requestId) {
        UserCredentials known = cache.get(userReference);
        if (known != null) return known;
        UserCredentials credentials = store.findUser(userReference)
                .map(item -> decrypt(item))
                .orElseGet(() -> create(userReference, requestId));
        cache.put(userReference, credentials);
        return credentials;
    }

    /** Forgets decrypted passwords (after a SnapStart restore). */
    public void invalidate() {
        cache.clear();
    }

    private UserCredentials create(String userReference, String requestId) {
        // Generated per call, never in init: SnapStart would otherwise share random state across restored sandboxes.
        SecureRandom random = new SecureRandom();
        byte[] idBytes = new byte[15];
        random.nextBytes(idBytes);
        String userId = "fp" + HexFormat.of().formatHex(idBytes);
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 32; i++) password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        finapi.createUser(userId, password.toString(), requestId);
        FinapiUserItem item = new FinapiUserItem(userReference, userId,
                cipher.encrypt(password.toString(), userReference), clock.instant());
        if (store.createUser(item)) {
            LOG.info("finAPI user created", "finapiUserId", userId);
            return new UserCredentials(userId, password.toString());
        }
        // A concurrent run created the user first; use theirs so both runs act as the same finAPI user.
        LOG.warn("finAPI user created concurrently, using the stored one", "orphanedFinapiUserId", userId);
        return decrypt(store.findUser(userReference).orElseThrow());
    }

    private UserCredentials decrypt(FinapiUserItem item) {
        return new UserCredentials(item.finapiUserId(), cipher.decrypt(item.passwordCiphertext(), item.userReference()));
    }
}
