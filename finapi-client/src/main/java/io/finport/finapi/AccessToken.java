package io.finport.finapi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Response of {@code POST /api/v2/oauth/token}. {@code expiresIn} is in seconds; 0 means the token never expires.
 * {@code refreshToken} is only set for the password grant.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AccessToken(
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("token_type") String tokenType,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("expires_in") Long expiresIn,
        @JsonProperty("scope") String scope) {

    @Override
    public String toString() {
        return "AccessToken[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", scope=" + scope
                + ", accessToken=***, refreshToken=" + (refreshToken == null ? "null" : "***") + "]";
    }
}
