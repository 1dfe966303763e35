package io.finport.finapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * finAPI's OAuth tokens for one {@link FinapiClient}: the client token and one per user, cached until shortly before
 * they expire, fetched once per slot at a time (concurrent callers wait and reuse the fresh token), renewed with the
 * refresh token before falling back to the password grant.
 */
final class FinapiTokens {

    /** Bounds the per-user token cache of a long-lived Lambda instance. */
    static final int MAX_CACHED_USERS = 1000;

    private static final Duration MAX_EXPIRY_MARGIN = Duration.ofSeconds(60);

    private final Supplier<ClientCredentials> credentials;
    private final Clock clock;
    private final FinapiTransport transport;
    private final FinapiErrors errors;
    private final TokenSlot clientSlot = new TokenSlot();
    private final ConcurrentHashMap<String, TokenSlot> userSlots = new ConcurrentHashMap<>();

    FinapiTokens(Supplier<ClientCredentials> credentials, Clock clock, FinapiTransport transport, FinapiErrors errors) {
        this.credentials = credentials;
        this.clock = clock;
        this.transport = transport;
        this.errors = errors;
    }

    private static final class TokenSlot {
        final ReentrantLock lock = new ReentrantLock();
        volatile CachedToken token;
    }

    /** {@code renewAt == null}: never expires. {@code accessToken == null}: invalidated, refresh token may remain. */
    private record CachedToken(String accessToken, String refreshToken, Instant renewAt) {
        boolean usableAt(Instant now) {
            return accessToken != null && (renewAt == null || now.isBefore(renewAt));
        }
    }

    /** The access token for {@code user} (null: the client token), fetched when none is cached or it is due. */
    String accessToken(UserCredentials user, RequestIdSequence ids) {
        TokenSlot slot = user == null ? clientSlot : userSlot(user.username());
        CachedToken cached = slot.token;
        if (cached != null && cached.usableAt(clock.instant())) {
            return cached.accessToken();
        }
        slot.lock.lock();
        try {
            cached = slot.token;
            if (cached != null && cached.usableAt(clock.instant())) {
                return cached.accessToken();
            }
            CachedToken fresh = user == null
                    ? fetchToken(Map.of("grant_type", "client_credentials"), null, ids)
                    : fetchUserToken(user, cached == null ? null : cached.refreshToken(), ids);
            slot.token = fresh;
            return fresh.accessToken();
        } finally {
            slot.lock.unlock();
        }
    }

    /** Drops the access token that finAPI rejected; keeps the refresh token. */
    void invalidate(UserCredentials user, String staleAccessToken) {
        TokenSlot slot = user == null ? clientSlot : userSlots.get(user.username());
        if (slot == null) {
            return;
        }
        slot.lock.lock();
        try {
            CachedToken cached = slot.token;
            // Only drop the token that failed; another thread may already have replaced it.
            if (cached != null && staleAccessToken.equals(cached.accessToken())) {
                slot.token = new CachedToken(null, cached.refreshToken(), cached.renewAt());
            }
        } finally {
            slot.lock.unlock();
        }
    }

    /** Drops every cached token. */
    void invalidateAll() {
        clientSlot.token = null;
        userSlots.values().forEach(slot -> slot.token = null);
        userSlots.clear();
    }

    private TokenSlot userSlot(String username) {
        TokenSlot slot = userSlots.get(username);
        if (slot != null) {
            return slot;
        }
        if (userSlots.size() >= MAX_CACHED_USERS) {
            pruneUserSlots();
        }
        return userSlots.computeIfAbsent(username, u -> new TokenSlot());
    }

    private void pruneUserSlots() {
        Instant now = clock.instant();
        userSlots.values().removeIf(s -> !s.lock.isLocked() && (s.token == null || !s.token.usableAt(now)));
        if (userSlots.size() >= MAX_CACHED_USERS) {
            userSlots.values().removeIf(s -> !s.lock.isLocked());
        }
    }

    private CachedToken fetchUserToken(UserCredentials user, String refreshToken, RequestIdSequence ids) {
        if (refreshToken != null) {
            try {
                Map<String, String> form = new LinkedHashMap<>();
                form.put("grant_type", "refresh_token");
                form.put("refresh_token", refreshToken);
                return fetchToken(form, refreshToken, ids);
            } catch (FinapiAuthenticationException refreshRejected) {
                // Refresh token expired or revoked: the password grant below still works.
            }
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", user.username());
        form.put("password", user.password());
        return fetchToken(form, null, ids);
    }

    private CachedToken fetchToken(Map<String, String> grant, String previousRefreshToken, RequestIdSequence ids) {
        ClientCredentials client = Objects.requireNonNull(credentials.get(), "client credentials supplier");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", grant.get("grant_type"));
        form.put("client_id", client.clientId());
        form.put("client_secret", client.clientSecret());
        grant.forEach(form::putIfAbsent);
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));

        Endpoint endpoint = Endpoint.TOKEN;
        String requestId = ids.next();
        Instant requestedAt = clock.instant();
        // Resendable: a token request changes nothing at finAPI, and its 401 body names the rejected credentials.
        HttpWire.Request request = new HttpWire.Request(
                endpoint.method(),
                transport.accessUri(endpoint.pathTemplate()),
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                encoded.getBytes(StandardCharsets.UTF_8),
                true);
        FinapiTransport.RawResponse response = transport.send(request, endpoint, requestId);

        int status = response.status();
        if (status == 400 || status == 401 || status == 403 || status == 423) {
            ErrorBody error = ErrorBody.parse(response.body());
            throw new FinapiAuthenticationException(
                    status, error.code(), endpoint.toString(), requestId, error.message());
        }
        if (status / 100 != 2) {
            throw errors.map(response.status(), response.headers(), response.body(), endpoint, requestId);
        }
        FinapiTransport.Exchange exchange = transport.exchange(response, endpoint, requestId);
        AccessToken token = transport.convert(exchange, AccessToken.class);
        if (token.accessToken() == null || token.accessToken().isBlank()) {
            throw FinapiTransport.missingField(exchange, "access_token");
        }
        String refreshToken = token.refreshToken() != null ? token.refreshToken() : previousRefreshToken;
        return new CachedToken(token.accessToken(), refreshToken, renewAt(requestedAt, token.expiresIn()));
    }

    /**
     * Renew a little before finAPI's expiry (10% of the lifetime, at most 60 s) so a token does not expire in flight.
     * expires_in 0 (or absent) means the token never expires; a wrong guess is still covered by the 401 replay.
     */
    private static Instant renewAt(Instant requestedAt, Long expiresIn) {
        if (expiresIn == null || expiresIn == 0) {
            return null;
        }
        if (expiresIn < 0) {
            return requestedAt;
        }
        Duration lifetime = Duration.ofSeconds(expiresIn);
        Duration margin = lifetime.dividedBy(10);
        if (margin.compareTo(MAX_EXPIRY_MARGIN) > 0) {
            margin = MAX_EXPIRY_MARGIN;
        }
        return requestedAt.plus(lifetime).minus(margin);
    }
}
