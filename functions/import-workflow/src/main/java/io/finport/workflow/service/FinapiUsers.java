package io.finport.workflow.service;

import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiException;
import io.finport.finapi.UserCredentials;
import io.finport.workflow.log.StructuredLog;
import io.finport.workflow.retry.Backoff;
import io.finport.workflow.store.FinapiUserItem;
import io.finport.workflow.store.StoreUnavailableException;
import io.finport.workflow.store.UserDirectory;
import io.finport.workflow.store.UserDirectory.Entry;
import io.finport.workflow.store.UserDirectory.State;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One finAPI user per caller and user reference, created on first use, exactly once: the reference is reserved in
 * DynamoDB before finAPI is called, so of many concurrent first uses one creates the user and the others wait for it
 * (they never call finAPI). A user that finAPI created but that cannot be stored is deleted in finAPI again, so no
 * orphan is left behind. The password is random, shown to nobody, stored only as KMS ciphertext and kept decrypted in
 * memory for the life of the container.
 */
public class FinapiUsers {
    private static final StructuredLog LOG = StructuredLog.of(FinapiUsers.class);
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_";
    /** A reservation this old belongs to a run that died (a task runs at most 60 s): it may be taken over. */
    static final Duration STALE_RESERVATION = Duration.ofMinutes(2);

    private static final Duration WAIT_STEP = Duration.ofMillis(200);
    private static final int MAX_CREATE_ATTEMPTS = 3;

    private final UserDirectory directory;
    private final FinapiClient finapi;
    private final PasswordCipher cipher;
    private final Clock clock;
    private final Duration maxWait;
    private final Map<String, UserCredentials> cache = new ConcurrentHashMap<>();

    public FinapiUsers(UserDirectory directory, FinapiClient finapi, PasswordCipher cipher, Clock clock) {
        this(directory, finapi, cipher, clock, Duration.ofSeconds(20));
    }

    /** @param maxWait how long a loser of the reservation race waits for the winner before the task is retried */
    public FinapiUsers(
            UserDirectory directory, FinapiClient finapi, PasswordCipher cipher, Clock clock, Duration maxWait) {
        this.directory = directory;
        this.finapi = finapi;
        this.cipher = cipher;
        this.clock = clock;
        this.maxWait = maxWait;
    }

    public UserCredentials credentialsFor(String callerId, String userReference, String requestId) {
        String cacheKey = callerId + "#" + userReference;
        UserCredentials known = cache.get(cacheKey);
        if (known != null) return known;
        UserCredentials credentials = resolve(callerId, userReference, requestId);
        cache.put(cacheKey, credentials);
        return credentials;
    }

    /** Forgets decrypted passwords (after a SnapStart restore). */
    public void invalidate() {
        cache.clear();
    }

    private UserCredentials resolve(String callerId, String userReference, String requestId) {
        Instant giveUpAt = clock.instant().plus(maxWait);
        int attempts = 0;
        while (true) {
            Optional<Entry> entry = directory.find(callerId, userReference);
            if (entry.isPresent() && entry.get().state() == State.READY) {
                return decrypt(entry.get().user());
            }
            if (entry.isEmpty()) {
                Optional<FinapiUserItem> legacy = directory.claimLegacy(callerId, userReference);
                if (legacy.isPresent()) return decrypt(legacy.get());
            }
            boolean mayCreate = entry.isEmpty() || isStale(entry.get());
            if (mayCreate && ++attempts <= MAX_CREATE_ATTEMPTS) {
                Optional<UserCredentials> created = create(
                        callerId, userReference, entry.map(Entry::reservation).orElse(null), requestId);
                if (created.isPresent()) return created.get();
                continue; // another run reserved it first, or ours could not be stored: look again
            }
            if (!clock.instant().isBefore(giveUpAt) || attempts > MAX_CREATE_ATTEMPTS) {
                // Step Functions retries this error with backoff; by then the other run has finished.
                throw new StoreUnavailableException("finapiUserPending", null);
            }
            Backoff.pause(WAIT_STEP);
            if (Thread.currentThread().isInterrupted()) throw new StoreUnavailableException("finapiUserPending", null);
        }
    }

    /** Reserve, create in finAPI, mark ready; empty when another run holds the reservation or ours was not stored. */
    private Optional<UserCredentials> create(
            String callerId, String userReference, String staleReservation, String requestId) {
        // Generated per call, never in init: SnapStart would otherwise share random state across restored sandboxes.
        SecureRandom random = new SecureRandom();
        byte[] idBytes = new byte[15];
        random.nextBytes(idBytes);
        String userId = "fp" + HexFormat.of().formatHex(idBytes);
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 32; i++)
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        Instant now = clock.instant();
        FinapiUserItem item = new FinapiUserItem(
                callerId, userReference, userId, cipher.encrypt(password.toString(), callerId, userReference), now);
        String reservation = UUID.randomUUID().toString();
        boolean reserved = staleReservation == null
                ? directory.reserve(item, reservation, now)
                : directory.takeOver(item, staleReservation, reservation, now);
        if (!reserved) return Optional.empty();
        UserCredentials credentials = new UserCredentials(userId, password.toString());
        try {
            finapi.createUser(userId, credentials.password(), requestId);
        } catch (RuntimeException e) {
            releaseQuietly(callerId, userReference, reservation);
            throw e;
        }
        boolean stored;
        try {
            stored = directory.markReady(callerId, userReference, reservation);
        } catch (StoreUnavailableException e) {
            stored = false;
        }
        if (stored) {
            LOG.info("finAPI user created", "finapiUserId", userId);
            return Optional.of(credentials);
        }
        deleteOrphan(credentials, requestId);
        releaseQuietly(callerId, userReference, reservation);
        return Optional.empty();
    }

    /** A user finAPI created but we could not store would be unreachable forever: delete it with its own token. */
    private void deleteOrphan(UserCredentials orphan, String requestId) {
        try {
            finapi.deleteUser(orphan, requestId);
            LOG.warn("finAPI user could not be stored and was deleted again", "finapiUserId", orphan.username());
        } catch (FinapiException e) {
            LOG.error(
                    "finAPI user could not be stored nor deleted",
                    "finapiUserId",
                    orphan.username(),
                    "status",
                    e.httpStatus());
        }
    }

    private void releaseQuietly(String callerId, String userReference, String reservation) {
        try {
            directory.release(callerId, userReference, reservation);
        } catch (StoreUnavailableException e) {
            // the reservation goes stale and is taken over later
        }
    }

    private boolean isStale(Entry entry) {
        return entry.state() == State.PENDING
                && entry.reservedAt() != null
                && entry.reservedAt().plus(STALE_RESERVATION).isBefore(clock.instant());
    }

    private UserCredentials decrypt(FinapiUserItem item) {
        return new UserCredentials(
                item.finapiUserId(), cipher.decrypt(item.passwordCiphertext(), item.callerId(), item.userReference()));
    }
}
