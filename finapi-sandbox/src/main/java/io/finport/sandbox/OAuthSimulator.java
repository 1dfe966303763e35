package io.finport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.sandbox.FinapiJson.AccessToken;
import io.finport.sandbox.FinapiJson.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * finAPI's OAuth and users: {@code POST /api/v2/oauth/token} (client credentials, password and refresh grants), the
 * bearer check every other endpoint makes, and {@code /api/v2/users}. Not thread-safe: called under
 * {@link SandboxState}'s lock.
 */
final class OAuthSimulator {
    private final SandboxOptions options;
    private final ScenarioRegistry scenarios;
    private final ErrorReplies errors;

    private long nextUserId = 1;
    private final Map<String, UserRt> users = new LinkedHashMap<>();
    private final Map<String, TokenRt> accessTokens = new HashMap<>();
    private final Map<String, String> refreshTokens = new HashMap<>();
    private final Map<String, String> currentTokens = new HashMap<>();

    OAuthSimulator(SandboxOptions options, ScenarioRegistry scenarios, ErrorReplies errors) {
        this.options = options;
        this.scenarios = scenarios;
        this.errors = errors;
    }

    /** A scenario's {@code user} block: created unless it exists with the same password. */
    void registerScenarioUser(Scenario.UserSpec user) {
        UserRt existing = users.get(userKey(user.id()));
        if (existing != null && !existing.password.equals(user.password())) {
            throw new ScenarioValidationException("user.id", "user exists already with a different password");
        }
        users.putIfAbsent(userKey(user.id()), new UserRt(user.id(), user.password(), null, null));
    }

    void clear() {
        users.clear();
        accessTokens.clear();
        refreshTokens.clear();
        currentTokens.clear();
    }

    /** The finAPI user a bearer token belongs to (null for client tokens and unknown tokens); does not count a use. */
    String tokenUser(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        TokenRt t = accessTokens.get(authorization.substring(7).trim());
        return t == null ? null : t.userId;
    }

    /** The access and refresh tokens held now (secrets: for leak checks only). */
    Set<String> issuedTokens() {
        Set<String> tokens = new HashSet<>(accessTokens.keySet());
        tokens.addAll(refreshTokens.keySet());
        return tokens;
    }

    Reply token(Call call) {
        ApiRequest r = call.r;
        String clientId = r.param("client_id");
        String clientSecret = r.param("client_secret");
        String basic = r.authorization();
        if (clientId == null && basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            // RFC 6749 allows client credentials in a Basic header; finAPI clients mostly send them in the form.
            String decoded =
                    new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                clientId = decoded.substring(0, colon);
                clientSecret = decoded.substring(colon + 1);
            }
        }
        String grant = r.param("grant_type");
        if (grant == null) {
            return ErrorReplies.oauthError(400, "invalid_request", "Missing grant type");
        }
        if (!options.clientId().equals(clientId) || !options.clientSecret().equals(clientSecret)) {
            return ErrorReplies.oauthError(401, "invalid_client", "Bad client credentials");
        }
        switch (grant) {
            case "client_credentials" -> {
                return Reply.json(200, issue(null, false));
            }
            case "password" -> {
                UserRt u = users.get(userKey(r.param("username")));
                if (u == null || !u.password.equals(r.param("password"))) {
                    return ErrorReplies.oauthError(400, "invalid_grant", "Bad credentials");
                }
                return Reply.json(200, issue(u.id, true));
            }
            case "refresh_token" -> {
                String refresh = r.param("refresh_token");
                String userId = refresh == null ? null : refreshTokens.get(refresh);
                if (userId == null || !users.containsKey(userKey(userId))) {
                    return ErrorReplies.oauthError(400, "invalid_grant", "Invalid refresh token");
                }
                currentTokens.remove("user:" + userKey(userId)); // a refresh always yields a new access token
                return Reply.json(200, issue(userId, false));
            }
            default -> {
                return ErrorReplies.oauthError(400, "unsupported_grant_type", "Unsupported grant type: " + grant);
            }
        }
    }

    /**
     * finAPI returns the same token for the same credentials while it is valid; only then a new one. The refresh
     * token comes with password grants only.
     */
    private AccessToken issue(String userId, boolean withRefresh) {
        String principal = userId == null ? "client" : "user:" + userKey(userId);
        Instant now = errors.now();
        String current = currentTokens.get(principal);
        TokenRt valid = current == null ? null : accessTokens.get(current);
        Integer limit = scenarios.tokenUseLimit();
        if (valid != null && now.isBefore(valid.expiresAt) && (limit == null || valid.uses < limit)) {
            long remaining = Math.max(1, Duration.between(now, valid.expiresAt).toSeconds());
            return new AccessToken(current, "bearer", withRefresh ? valid.refreshToken : null, remaining, "all");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        String refresh = null;
        if (withRefresh) {
            refresh = UUID.randomUUID().toString().replace("-", "");
            refreshTokens.put(refresh, userId);
        }
        accessTokens.put(token, new TokenRt(userId, now.plus(options.tokenLifetime()), refresh));
        currentTokens.put(principal, token);
        return new AccessToken(token, "bearer", refresh, options.tokenLifetime().toSeconds(), "all");
    }

    /** Checks the bearer token and its role; counts the use against {@code auth.tokenValidRequests}. */
    void authenticate(Call call, boolean userTokenRequired) {
        try {
            checkToken(call, userTokenRequired);
        } catch (Reply.Halt halt) {
            if (halt.reply.status() == 401 && call.r.route().isWebFormApi()) {
                throw new Reply.Halt(WebFormErrors.error(
                        401, "UNAUTHORIZED", "Invalid or expired access token", call.r.endpoint(), errors.now()));
            }
            throw halt;
        }
    }

    private void checkToken(Call call, boolean userTokenRequired) {
        String header = call.r.authorization();
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw invalidToken("Full authentication is required to access this resource");
        }
        TokenRt t = accessTokens.get(header.substring(7).trim());
        if (t == null) {
            throw invalidToken("Invalid access token");
        }
        if (!errors.now().isBefore(t.expiresAt)) {
            throw invalidToken("Access token expired");
        }
        t.uses++;
        Integer limit = scenarios.tokenUseLimit();
        if (limit != null && t.uses > limit) {
            throw invalidToken("Access token expired (sandbox: valid for " + limit + " requests)");
        }
        call.authenticated = true;
        call.userId = t.userId;
        if (userTokenRequired && t.userId == null) {
            throw errors.halt(
                    call,
                    403,
                    "FORBIDDEN",
                    "This service requires a user access token; a client access token was given");
        }
        if (!userTokenRequired && t.userId != null) {
            throw errors.halt(
                    call,
                    403,
                    "FORBIDDEN",
                    "This service requires a client access token; a user access token was given");
        }
    }

    private static Reply.Halt invalidToken(String description) {
        return new Reply.Halt(ErrorReplies.oauthError(401, "invalid_token", description));
    }

    /** finAPI user ids are case-insensitive: "User-1" and "user-1" are the same user. */
    private static String userKey(String id) {
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }

    Reply createUser(Call call) {
        authenticate(call, false);
        JsonNode body = errors.jsonBody(call);
        String id = ErrorReplies.text(body, "id");
        String password = ErrorReplies.text(body, "password");
        if (id != null && !id.matches("[0-9A-Za-z\\-_.+@]{1,36}")) {
            return errors.business(
                    call, 422, "ILLEGAL_FIELD_VALUE", "'id' must have 1-36 characters of 0-9 A-Z a-z - _ . + @");
        }
        if (password != null && (password.length() < 6 || password.length() > 128)) {
            return errors.business(call, 422, "ILLEGAL_FIELD_VALUE", "'password' must have 6-128 characters");
        }
        if (id != null && users.containsKey(userKey(id))) {
            return errors.business(call, 422, "ENTITY_EXISTS", "User with id '" + id + "' already exists");
        }
        if (id == null) {
            do {
                id = "sandbox-user-" + nextUserId++;
            } while (users.containsKey(userKey(id)));
        }
        if (password == null) {
            password = UUID.randomUUID().toString();
        }
        UserRt u = new UserRt(id, password, ErrorReplies.text(body, "email"), ErrorReplies.text(body, "phone"));
        users.put(userKey(id), u);
        return Reply.json(201, u.view());
    }

    Reply getUser(Call call) {
        authenticate(call, true);
        UserRt u = users.get(userKey(call.userId));
        return u == null ? errors.business(call, 404, "UNKNOWN_ENTITY", "User not found") : Reply.json(200, u.view());
    }

    /** Deletes the authorized user and every token issued to it (finAPI also deletes its data; scenarios keep theirs). */
    Reply deleteUser(Call call) {
        authenticate(call, true);
        UserRt u = users.remove(userKey(call.userId));
        if (u == null) {
            return errors.business(call, 404, "UNKNOWN_ENTITY", "User not found");
        }
        accessTokens.values().removeIf(t -> u.id.equals(t.userId));
        refreshTokens.values().removeIf(u.id::equals);
        return Reply.json(200, Map.of("identifier", u.id));
    }

    private record UserRt(String id, String password, String email, String phone) {
        User view() {
            return new User(id, password, email, phone, false);
        }
    }

    private static final class TokenRt {
        final String userId;
        final Instant expiresAt;
        final String refreshToken;
        int uses;

        TokenRt(String userId, Instant expiresAt, String refreshToken) {
            this.userId = userId;
            this.expiresAt = expiresAt;
            this.refreshToken = refreshToken;
        }
    }
}
