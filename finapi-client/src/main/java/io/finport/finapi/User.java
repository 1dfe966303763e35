package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** finAPI user as returned by {@code POST /api/v2/users} (finAPI echoes the password in plain text). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record User(
        @JsonProperty("id") String id,
        @JsonProperty("password") String password,
        @JsonProperty("email") String email,
        @JsonProperty("isAutoUpdateEnabled") Boolean isAutoUpdateEnabled) {

    @Override
    public String toString() {
        return "User[id=" + id + ", password=***, email=" + (email == null ? "null" : "***") + ", isAutoUpdateEnabled="
                + isAutoUpdateEnabled + "]";
    }
}
