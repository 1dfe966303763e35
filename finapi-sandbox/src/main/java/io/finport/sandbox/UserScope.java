package io.finport.sandbox;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Which finAPI user owns which entity. finAPI scopes all data per user: a user's token reaches only that user's
 * bank connections (and through them accounts), web forms and tasks; another user's entity answers 404 as if it did
 * not exist. Entities a scenario registers without a {@code user} have no owner until a user's token first names
 * one: that user adopts it, the sandbox's stand-in for "this user imported the connection earlier".
 * Not thread-safe on its own: the simulators call it under {@link SandboxState}'s lock.
 */
final class UserScope {
    enum Kind {
        CONNECTION,
        WEB_FORM,
        TASK
    }

    private final Map<Kind, Map<String, String>> owners = new EnumMap<>(Kind.class);

    UserScope() {
        for (Kind kind : Kind.values()) {
            owners.put(kind, new HashMap<>());
        }
    }

    /** Records the owner; a null user leaves the entity unowned (adopted by the first user that names it). */
    void assign(Kind kind, Object id, String userId) {
        if (userId == null) {
            owners.get(kind).remove(key(id));
        } else {
            owners.get(kind).put(key(id), userId);
        }
    }

    /** True when the user may see the entity; an unowned one is adopted by this user. Client tokens reach nothing. */
    boolean reach(Kind kind, Object id, String userId) {
        if (userId == null) {
            return false;
        }
        return owners.get(kind).computeIfAbsent(key(id), k -> userId).equals(userId);
    }

    /** True only when the user already owns the entity (listings never adopt). */
    boolean owns(Kind kind, Object id, String userId) {
        return userId != null && userId.equals(owners.get(kind).get(key(id)));
    }

    String owner(Kind kind, Object id) {
        return owners.get(kind).get(key(id));
    }

    void forget(Kind kind, Object id) {
        owners.get(kind).remove(key(id));
    }

    void clear() {
        owners.values().forEach(Map::clear);
    }

    private static String key(Object id) {
        return String.valueOf(id);
    }
}
