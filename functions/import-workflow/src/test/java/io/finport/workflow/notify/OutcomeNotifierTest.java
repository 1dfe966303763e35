package io.finport.workflow.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finport.domain.IbanMask;
import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.domain.SensitiveDataPatterns;
import io.finport.workflow.notify.OutcomeNotifier.Message;
import io.finport.workflow.store.AccountItem;
import io.finport.workflow.store.ImportRecord;
import io.finport.workflow.store.ImportStore;
import io.finport.workflow.store.ImportStore.ImportView;
import io.finport.workflow.task.TaskIo.NotifyResult;
import io.finport.workflow.testing.LocalDynamoDb;
import io.finport.workflow.testing.MutableClock;
import io.finport.workflow.testing.Records;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

class OutcomeNotifierTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final String ID = "imp-0123456789abcdef01234567";
    private static final String TOPIC = "arn:aws:sns:eu-central-1:123456789012:import-outcomes";
    private static final int SNS_LIMIT_BYTES = 256 * 1024;

    private static String iban(int i) {
        return String.format("DE89%018d", 370400440532013000L + i);
    }

    private static List<AccountItem> accounts(int count) {
        List<AccountItem> accounts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            accounts.add(new AccountItem(
                    i,
                    "Max Mustermann Privatkonto " + i,
                    i % 2 == 0 ? "Savings" : "Checking",
                    IbanMask.mask(iban(i)),
                    "EUR",
                    i % 10 == 0 ? "DOWNLOAD_FAILED" : "UPDATED",
                    "XS2A",
                    false));
        }
        return accounts;
    }

    private static ImportRecord finished(Outcome outcome) {
        return new ImportRecord(
                ID,
                ImportType.UPDATE,
                ImportStatus.COMPLETED,
                277672L,
                100001L,
                new ImportRecord.Request("caller", "user-4711", "XS2A", null, false, "h", NOW),
                null,
                new ImportRecord.Progress(NOW, false, 4, "READY", "READY", NOW, 0L, true, null, null),
                new ImportRecord.Result(
                        null,
                        null,
                        outcome,
                        List.of("ACCOUNT_FAILED"),
                        "some accounts failed",
                        2000,
                        NOW.plusSeconds(60),
                        null),
                null);
    }

    @Test
    void build_whenTwoThousandAccounts_staysBelowSnsLimitAndListsAtMostFifty() throws Exception {
        Message message = OutcomeNotifier.build(new ImportView(finished(Outcome.PARTIALLY_FAILED), accounts(2000)));

        assertThat(message.envelope().getBytes(StandardCharsets.UTF_8).length).isLessThan(SNS_LIMIT_BYTES);
        JsonNode json = MAPPER.readTree(message.json());
        assertThat(json.path("accountCount").asInt()).isEqualTo(2000);
        assertThat(json.path("accounts")).hasSize(50);
        assertThat(json.path("accountStatusCounts").path("UPDATED").asInt()).isEqualTo(1800);
        assertThat(json.path("accountStatusCounts").path("DOWNLOAD_FAILED").asInt())
                .isEqualTo(200);
        assertThat(message.text().lines().filter(l -> l.startsWith("  - "))).hasSize(50);
        assertThat(message.text()).contains("... and 1950 more");
        assertThat(message.subject()).isEqualTo("finport import PARTIALLY_FAILED (update)");
    }

    @Test
    void build_whenExactlyFiftyAccounts_listsAllWithoutMoreLine() {
        Message message = OutcomeNotifier.build(new ImportView(finished(Outcome.SUCCEEDED), accounts(50)));

        assertThat(message.text().lines().filter(l -> l.startsWith("  - "))).hasSize(50);
        assertThat(message.text()).doesNotContain("more");
    }

    @Test
    void build_whenAccountsPresent_carriesMaskedIbansOnlyAndNoNames() {
        Message message = OutcomeNotifier.build(new ImportView(finished(Outcome.PARTIALLY_FAILED), accounts(60)));

        assertThat(SensitiveDataPatterns.containsIban(message.envelope())).isFalse();
        assertThat(SensitiveDataPatterns.containsIban(message.subject())).isFalse();
        assertThat(message.envelope())
                .contains(IbanMask.mask(iban(1)))
                .doesNotContain("Mustermann")
                .doesNotContain("Privatkonto")
                .doesNotContain("balance")
                .doesNotContain("user-4711")
                .doesNotContain("caller");
    }

    @Test
    void build_envelope_hasTextForEmailAndJsonForMachines() throws Exception {
        Message message = OutcomeNotifier.build(new ImportView(finished(Outcome.SUCCEEDED), accounts(3)));

        JsonNode envelope = MAPPER.readTree(message.envelope());
        assertThat(envelope.has("default")).isTrue();
        assertThat(envelope.path("email").asText())
                .isEqualTo(message.text())
                .startsWith("Import " + ID + " ended SUCCEEDED.");
        assertThat(MAPPER.readTree(envelope.path("sqs").asText())).isEqualTo(MAPPER.readTree(message.json()));
        assertThat(MAPPER.readTree(envelope.path("default").asText())
                        .path("outcome")
                        .asText())
                .isEqualTo("SUCCEEDED");
        assertThat(MAPPER.readTree(envelope.path("default").asText())
                        .path("bankConnectionId")
                        .asLong())
                .isEqualTo(100001L);
    }

    private static ImportStore storeWith(LocalDynamoDb db, boolean withOutcome) {
        ImportStore store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        store.createImport(
                Records.pending(ID, ImportType.TRACK, "caller", "user-4711", null, 100001L, null, false, "h", NOW));
        store.putAccounts(ID, accounts(3));
        if (withOutcome) store.recordOutcome(ID, Outcome.USER_ACTION_REQUIRED, List.of(), "consent expired", 3, NOW);
        return store;
    }

    @Test
    @SuppressWarnings("unchecked")
    void notify_whenOutcomeRecorded_publishesOnceWithFilterAttributes() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        ImportStore store = storeWith(db, true);
        SnsClient sns = mock(SnsClient.class);
        when(sns.publish(any(Consumer.class)))
                .thenReturn(PublishResponse.builder().messageId("msg-1").build());
        MutableClock clock = new MutableClock(NOW.plusSeconds(5));
        OutcomeNotifier notifier = new OutcomeNotifier(store, () -> sns, TOPIC, clock);

        NotifyResult first = notifier.notify(store.load(ID).orElseThrow());
        NotifyResult second = notifier.notify(store.load(ID).orElseThrow());

        assertThat(first).isEqualTo(new NotifyResult("msg-1", false));
        assertThat(second).isEqualTo(new NotifyResult("msg-1", true));
        ArgumentCaptor<Consumer<PublishRequest.Builder>> captor = ArgumentCaptor.forClass(Consumer.class);
        verify(sns).publish(captor.capture());
        PublishRequest.Builder builder = PublishRequest.builder();
        captor.getValue().accept(builder);
        PublishRequest request = builder.build();
        assertThat(request.topicArn()).isEqualTo(TOPIC);
        assertThat(request.messageStructure()).isEqualTo("json");
        assertThat(request.subject())
                .isEqualTo("finport import USER_ACTION_REQUIRED (track)")
                .hasSizeLessThan(100);
        assertThat(SensitiveDataPatterns.containsIban(request.message())).isFalse();
        assertThat(request.messageAttributes())
                .containsEntry(
                        "outcome",
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue("USER_ACTION_REQUIRED")
                                .build())
                .containsEntry(
                        "importType",
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue("TRACK")
                                .build())
                .containsEntry(
                        "bankConnectionId",
                        MessageAttributeValue.builder()
                                .dataType("Number")
                                .stringValue("100001")
                                .build());
        assertThat(store.get(ID).notification().notifiedAt()).isEqualTo(clock.instant());
        assertThat(store.get(ID).notification().messageId()).isEqualTo("msg-1");
    }

    @Test
    void notify_whenNoOutcomeYet_throwsAndPublishesNothing() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        ImportStore store = storeWith(db, false);
        SnsClient sns = mock(SnsClient.class);
        OutcomeNotifier notifier = new OutcomeNotifier(store, () -> sns, TOPIC, new MutableClock(NOW));

        assertThatThrownBy(() -> notifier.notify(store.load(ID).orElseThrow()))
                .isInstanceOf(IllegalStateException.class);
        verifyNoInteractions(sns);
        assertThat(store.get(ID).notification().notifiedAt()).isNull();
    }
}
