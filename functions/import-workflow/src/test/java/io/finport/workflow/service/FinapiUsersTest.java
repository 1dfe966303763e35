package io.finport.workflow.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.finport.finapi.FinapiClient;
import io.finport.finapi.FinapiTransientException;
import io.finport.finapi.UserCredentials;
import io.finport.workflow.store.FinapiUserItem;
import io.finport.workflow.store.StoreUnavailableException;
import io.finport.workflow.store.UserDirectory;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class FinapiUsersTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private LocalDynamoDb db;
    private UserDirectory directory;
    private FinapiClient finapi;
    private MutableClock clock;

    /** Stands in for KMS: the "ciphertext" names its encryption context, and decrypting checks it. */
    static final class ContextCipher extends PasswordCipher {
        ContextCipher() {
            super(null, null);
        }

        @Override
        public String encrypt(String password, String callerId, String userReference) {
            return context(callerId, userReference) + "|" + password;
        }

        @Override
        public String decrypt(String ciphertext, String callerId, String userReference) {
            String prefix = context(callerId, userReference) + "|";
            if (!ciphertext.startsWith(prefix)) throw new IllegalStateException("encryption context mismatch");
            return ciphertext.substring(prefix.length());
        }
    }

    @BeforeEach
    void setUp() {
        db = LocalDynamoDb.newTable();
        directory = new UserDirectory(db::client, db.tableName());
        finapi = mock(FinapiClient.class);
        clock = new MutableClock(T0);
    }

    private FinapiUsers users(UserDirectory dir) {
        return new FinapiUsers(dir, finapi, new ContextCipher(), clock, Duration.ofSeconds(10));
    }

    @Test
    void credentialsFor_whenTwentyRunsUseANewReferenceAtOnce_createsExactlyOneFinapiUser() throws Exception {
        int runs = 20;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<UserCredentials>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(runs)) {
            for (int i = 0; i < runs; i++) {
                // One FinapiUsers per run, as in separate Lambda containers (no shared in-memory cache).
                FinapiUsers container = new FinapiUsers(
                        directory, finapi, new ContextCipher(), java.time.Clock.systemUTC(), Duration.ofSeconds(10));
                results.add(pool.submit(() -> {
                    start.await();
                    return container.credentialsFor("caller-a", "user-4711", "req");
                }));
            }
            start.countDown();
            Set<UserCredentials> distinct = results.stream()
                    .map(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    })
                    .collect(Collectors.toSet());

            assertThat(distinct).hasSize(1);
            verify(finapi, times(1)).createUser(anyString(), anyString(), anyString());
            verify(finapi, never()).deleteUser(any(), anyString());
        }
    }

    @Test
    void credentialsFor_whenTheSameReferenceComesFromAnotherCaller_createsAnotherUser() {
        FinapiUsers users = users(directory);

        UserCredentials a = users.credentialsFor("caller-a", "user-4711", "req");
        UserCredentials b = users.credentialsFor("caller-b", "user-4711", "req");

        assertThat(a.username()).isNotEqualTo(b.username()).matches("fp[0-9a-f]{30}");
        verify(finapi, times(2)).createUser(anyString(), anyString(), anyString());
        assertThat(users(directory).credentialsFor("caller-a", "user-4711", "req"))
                .as("read back, decrypted")
                .isEqualTo(a);
    }

    @Test
    void credentialsFor_whenTheCreatedUserCannotBeStored_deletesItInFinapiAndRetries() {
        UserDirectory flaky = spy(directory);
        doReturn(false).doCallRealMethod().when(flaky).markReady(anyString(), anyString(), anyString());

        UserCredentials stored = users(flaky).credentialsFor("caller-a", "user-4711", "req");

        ArgumentCaptor<String> created = ArgumentCaptor.forClass(String.class);
        verify(finapi, times(2)).createUser(created.capture(), anyString(), anyString());
        ArgumentCaptor<UserCredentials> deleted = ArgumentCaptor.forClass(UserCredentials.class);
        verify(finapi, times(1)).deleteUser(deleted.capture(), anyString());
        assertThat(deleted.getValue().username())
                .isEqualTo(created.getAllValues().get(0));
        assertThat(stored.username()).isEqualTo(created.getAllValues().get(1));
    }

    @Test
    void credentialsFor_whenStoringFailsWithAnOutage_deletesTheUserToo() {
        UserDirectory flaky = spy(directory);
        doThrowThenReal(flaky);

        users(flaky).credentialsFor("caller-a", "user-4711", "req");

        verify(finapi, times(2)).createUser(anyString(), anyString(), anyString());
        verify(finapi, times(1)).deleteUser(any(), anyString());
    }

    private static void doThrowThenReal(UserDirectory flaky) {
        org.mockito.Mockito.doThrow(new StoreUnavailableException("markUserReady", new RuntimeException("x")))
                .doCallRealMethod()
                .when(flaky)
                .markReady(anyString(), anyString(), anyString());
    }

    @Test
    void credentialsFor_whenFinapiRefusesTheUser_releasesTheReservationSoTheRetryNeedNotWait() {
        when(finapi.createUser(anyString(), anyString(), anyString()))
                .thenThrow(new FinapiTransientException(503, null, "POST /api/v2/users", "req", null, null, null))
                .thenReturn(null);
        FinapiUsers users = users(directory);

        assertThatThrownBy(() -> users.credentialsFor("caller-a", "user-4711", "req"))
                .isInstanceOf(FinapiTransientException.class);
        assertThat(directory.find("caller-a", "user-4711")).isEmpty();
        assertThat(users.credentialsFor("caller-a", "user-4711", "req")).isNotNull();
    }

    @Test
    void credentialsFor_whileAnotherRunHoldsAFreshReservation_waitsAndNeverCallsFinapi() {
        directory.reserve(new FinapiUserItem("caller-a", "user-4711", "fp-other", "x", T0), "theirs", T0);

        assertThatThrownBy(() -> new FinapiUsers(directory, finapi, new ContextCipher(), clock, Duration.ZERO)
                        .credentialsFor("caller-a", "user-4711", "req"))
                .isInstanceOf(StoreUnavailableException.class);
        verify(finapi, never()).createUser(anyString(), anyString(), anyString());
    }

    @Test
    void credentialsFor_whenAReservationIsStale_takesItOverAndCreatesTheUser() {
        directory.reserve(new FinapiUserItem("caller-a", "user-4711", "fp-dead", "x", T0), "dead", T0);
        clock.advance(FinapiUsers.STALE_RESERVATION.plusSeconds(1));

        UserCredentials created = users(directory).credentialsFor("caller-a", "user-4711", "req");

        assertThat(created.username()).isNotEqualTo("fp-dead");
        assertThat(directory.find("caller-a", "user-4711").orElseThrow().user().finapiUserId())
                .isEqualTo(created.username());
    }

    @Test
    void credentialsFor_whenALegacyUserExists_theFirstCallerKeepsUsingItAndOthersGetTheirOwn() {
        db.client()
                .putItem(b -> b.tableName(db.tableName())
                        .item(Map.of(
                                "pk",
                                AttributeValue.fromS("USER#user-4711"),
                                "sk",
                                AttributeValue.fromS("FINAPI_USER"),
                                "finapiUserId",
                                AttributeValue.fromS("fp-legacy"),
                                "passwordCiphertext",
                                AttributeValue.fromS(new ContextCipher().encrypt("legacy-pw", null, "user-4711")),
                                "createdAt",
                                AttributeValue.fromS(T0.toString()))));

        assertThat(users(directory).credentialsFor("caller-a", "user-4711", "req"))
                .isEqualTo(new UserCredentials("fp-legacy", "legacy-pw"));
        assertThat(users(directory)
                        .credentialsFor("caller-b", "user-4711", "req")
                        .username())
                .isNotEqualTo("fp-legacy");
        verify(finapi, times(1)).createUser(anyString(), anyString(), anyString());
    }
}
