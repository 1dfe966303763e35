package io.finport.finapi;

import java.util.Objects;

/** finAPI user credentials for the password grant. {@link #toString()} masks the password. */
public record UserCredentials(String username, String password) {

    public UserCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
        return "UserCredentials[username=" + username + ", password=***]";
    }
}
