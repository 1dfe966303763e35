package io.finport.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link FinapiSandbox}. Start from {@link #defaults()} and change what you need:
 * {@code SandboxOptions.defaults().withPort(8090)}.
 *
 * @param host          bind address; loopback by default, {@code 0.0.0.0} to serve other machines/containers
 * @param port          TCP port, 0 picks a free one
 * @param clientId      the only client id the token endpoint accepts
 * @param clientSecret  its secret
 * @param tokenLifetime access token validity (finAPI's default is one hour); refresh tokens never expire here
 * @param clock         time source for timestamps and token expiry (inject a fixed or mutable clock in tests)
 * @param logRequests   one line per request on stderr
 * @param firstConnectionId the first bank connection id it hands out; a run against a deployed stack, which keeps the
 *                      connection owners of earlier runs, starts past theirs
 */
public record SandboxOptions(
        String host,
        int port,
        String clientId,
        String clientSecret,
        Duration tokenLifetime,
        Clock clock,
        boolean logRequests,
        long firstConnectionId) {

    public static final String DEFAULT_CLIENT_ID = "sandbox-client-id";
    public static final String DEFAULT_CLIENT_SECRET = "sandbox-client-secret";
    public static final long DEFAULT_FIRST_CONNECTION_ID = 100_001;

    public SandboxOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("tokenLifetime must be positive");
        }
        if (firstConnectionId < 1) {
            throw new IllegalArgumentException("firstConnectionId must be positive, was " + firstConnectionId);
        }
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(
                "127.0.0.1",
                0,
                DEFAULT_CLIENT_ID,
                DEFAULT_CLIENT_SECRET,
                Duration.ofHours(1),
                Clock.systemUTC(),
                true,
                DEFAULT_FIRST_CONNECTION_ID);
    }

    public SandboxOptions withHost(String host) {
        return new SandboxOptions(
                host, port, clientId, clientSecret, tokenLifetime, clock, logRequests, firstConnectionId);
    }

    public SandboxOptions withPort(int port) {
        return new SandboxOptions(
                host, port, clientId, clientSecret, tokenLifetime, clock, logRequests, firstConnectionId);
    }

    public SandboxOptions withClient(String clientId, String clientSecret) {
        return new SandboxOptions(
                host, port, clientId, clientSecret, tokenLifetime, clock, logRequests, firstConnectionId);
    }

    public SandboxOptions withTokenLifetime(Duration tokenLifetime) {
        return new SandboxOptions(
                host, port, clientId, clientSecret, tokenLifetime, clock, logRequests, firstConnectionId);
    }

    public SandboxOptions withClock(Clock clock) {
        return new SandboxOptions(
                host, port, clientId, clientSecret, tokenLifetime, clock, logRequests, firstConnectionId);
    }

    public SandboxOptions withLogRequests(boolean logRequests) {
        return new SandboxOptions(
                host, port, clientId, clientSecret, tokenLifetime, clock, logRequests, firstConnectionId);
    }

    public SandboxOptions withFirstConnectionId(long firstConnectionId) {
        return new SandboxOptions(
                host, port, clientId, clientSecret, tokenLifetime, clock, logRequests, firstConnectionId);
    }
}
