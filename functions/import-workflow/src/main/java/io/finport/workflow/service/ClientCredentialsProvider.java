package io.finport.workflow.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.finport.finapi.ClientCredentials;
import io.finport.finapi.JsonTrees;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * finAPI client id and secret from Secrets Manager ({"clientId": "...", "clientSecret": "..."}), read on first use
 * (never during init, so no SnapStart snapshot holds them) and cached for a while so rotation is picked up.
 */
public final class ClientCredentialsProvider implements Supplier<ClientCredentials> {
    private static final Duration TTL = Duration.ofMinutes(15);

    private final Supplier<SecretsManagerClient> secrets;
    private final String secretArn;
    private final Clock clock;
    private ClientCredentials cached;
    private Instant loadedAt = Instant.MIN;

    public ClientCredentialsProvider(Supplier<SecretsManagerClient> secrets, String secretArn, Clock clock) {
        this.secrets = secrets;
        this.secretArn = secretArn;
        this.clock = clock;
    }

    @Override
    public synchronized ClientCredentials get() {
        if (cached == null || loadedAt.plus(TTL).isBefore(clock.instant())) {
            String value =
                    secrets.get().getSecretValue(b -> b.secretId(secretArn)).secretString();
            try {
                JsonNode json = JsonTrees.read(value);
                cached = new ClientCredentials(
                        json.path("clientId").asText(),
                        json.path("clientSecret").asText());
            } catch (Exception e) {
                throw new IllegalStateException("the finAPI client secret is not JSON with clientId and clientSecret");
            }
            loadedAt = clock.instant();
        }
        return cached;
    }

    /** Forgets the cached value (after a SnapStart restore). */
    public synchronized void invalidate() {
        cached = null;
    }
}
