package io.finport.workflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.finapi.TaskStatus;
import io.finport.finapi.WebFormStatus;
import io.finport.workflow.api.ImportJson;
import io.finport.workflow.notify.OutcomeNotifier;
import io.finport.workflow.store.ImportStore.ImportView;
import io.finport.workflow.testing.LocalDynamoDb;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items and answers stay byte-compatible with the string-typed record they replace: an item written in the old shape
 * reads into the typed record, and GET /imports/{id} and the SNS message render it exactly as before (the expected
 * texts in src/test/resources/stored-shape were produced by the string-typed code from the same item).
 */
class StoredShapeTest {
    private static final String ID = "imp-0123456789abcdef01234567";

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** A finished UNLICENSED update whose task needed a web form, exactly as the string-typed store wrote it. */
    private static Map<String, AttributeValue> oldItem() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("IMPORT#" + ID));
        item.put("sk", s("META"));
        item.put("importId", s(ID));
        item.put("type", s("UPDATE"));
        item.put("status", s("COMPLETED"));
        item.put("callerId", s("caller-hash"));
        item.put("userReference", s("user-4711"));
        item.put("bankId", n(277672));
        item.put("bankConnectionId", n(100001));
        item.put("bankingInterface", s("XS2A"));
        item.put("allowedInterfaces", AttributeValue.fromL(List.of(s("XS2A"), s("FINTS_SERVER"))));
        item.put("importNewAccounts", AttributeValue.fromBool(true));
        item.put("requestHash", s("hash-1"));
        item.put("createdAt", s("2026-11-24T10:00:00Z"));
        item.put("attempt", n(4));
        item.put("expiresAt", n(1_771_927_200L));
        item.put("taskId", s("5c1b7e2a-0f3d-4c55-9a61-2b7f0c9d8e41"));
        item.put("taskStatus", s("WEB_FORM_REQUIRED"));
        item.put("webFormId", s("wf-1"));
        item.put("webFormUrl", s("https://webform.example/wf-1"));
        item.put("webFormStatus", s("COMPLETED"));
        item.put("startedAt", s("2026-11-24T10:01:00Z"));
        item.put("joinedRunningUpdate", AttributeValue.fromBool(false));
        item.put("bankHistory", AttributeValue.fromL(List.of(n(30), n(40))));
        item.put("connectionHistory", AttributeValue.fromL(List.of(n(50))));
        item.put("lastCheckedAt", s("2026-11-24T10:02:00Z"));
        item.put("nextWaitSeconds", n(0));
        item.put("updateStatus", s("READY"));
        item.put("categorizationStatus", s("PENDING"));
        item.put("accountsListed", AttributeValue.fromBool(true));
        item.put("outcome", s("PARTIALLY_FAILED"));
        item.put("warnings", AttributeValue.fromL(List.of(s("ACCOUNT_FAILED"))));
        item.put("reason", s("1 of 2 accounts updated"));
        item.put("accountCount", n(2));
        item.put("finishedAt", s("2026-11-24T10:03:00Z"));
        item.put("notifiedAt", s("2026-11-24T10:03:01Z"));
        item.put("notificationMessageId", s("msg-1"));
        return item;
    }

    private static Map<String, AttributeValue> oldAccount(long id, String status) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("IMPORT#" + ID));
        item.put("sk", s(String.format("ACCOUNT#%020d", id)));
        item.put("accountId", n(id));
        item.put("accountName", s("Konto " + id));
        item.put("accountType", s("Checking"));
        item.put("ibanMasked", s("DE•• •••• •••• •••• ••30 00"));
        item.put("currency", s("EUR"));
        item.put("accountStatus", s(status));
        item.put("bankingInterface", s("XS2A"));
        item.put("downloading", AttributeValue.fromBool(false));
        item.put("expiresAt", n(1_771_927_200L));
        return item;
    }

    private static ImportView loadOld(LocalDynamoDb db) {
        db.client().putItem(b -> b.tableName(db.tableName()).item(oldItem()));
        db.client().putItem(b -> b.tableName(db.tableName()).item(oldAccount(500001, "UPDATED")));
        db.client().putItem(b -> b.tableName(db.tableName()).item(oldAccount(500002, "DOWNLOAD_FAILED")));
        return new ImportStore(db::client, db.tableName(), Duration.ofDays(90))
                .load(ID)
                .orElseThrow();
    }

    @Test
    void anItemInTheOldShape_readsIntoTheTypedRecord() {
        ImportRecord r = loadOld(LocalDynamoDb.newTable()).record();

        assertThat(r.type()).isEqualTo(ImportType.UPDATE);
        assertThat(r.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(r.outcome()).isEqualTo(Outcome.PARTIALLY_FAILED);
        assertThat(r.webFormAndTask().webFormStatus()).isEqualTo(WebFormStatus.COMPLETED);
        assertThat(r.webFormAndTask().taskStatus()).isEqualTo(TaskStatus.WEB_FORM_REQUIRED);
        assertThat(r.request().allowedInterfaces()).containsExactly("XS2A", "FINTS_SERVER");
        assertThat(r.request().importNewAccounts()).isTrue();
        assertThat(r.progress().attempt()).isEqualTo(4);
        assertThat(r.progress().bankHistory()).containsExactly(30, 40);
        assertThat(r.result().warnings()).containsExactly("ACCOUNT_FAILED");
        assertThat(r.notification().messageId()).isEqualTo("msg-1");
    }

    @Test
    void anItemInTheOldShape_rendersTheSameApiAnswerAndMessage() throws IOException {
        ImportView view = loadOld(LocalDynamoDb.newTable());

        assertThat(ImportJson.render(view).toString()).isEqualTo(expected("import-view.json"));
        assertThat(OutcomeNotifier.build(view).envelope()).isEqualTo(expected("sns-envelope.json"));
    }

    @Test
    void aNewRecord_isWrittenInTheOldShape() {
        LocalDynamoDb db = LocalDynamoDb.newTable();
        ImportStore store = new ImportStore(db::client, db.tableName(), Duration.ofDays(90));
        store.createImport(ImportRecord.pending(
                ID,
                ImportType.UPDATE,
                277672L,
                100001L,
                new ImportRecord.Request(
                        "caller-hash",
                        "user-4711",
                        "XS2A",
                        List.of("XS2A", "FINTS_SERVER"),
                        true,
                        "hash-1",
                        Instant.parse("2026-11-24T10:00:00Z"))));

        Map<String, AttributeValue> written = db.client()
                .getItem(b -> b.tableName(db.tableName())
                        .consistentRead(true)
                        .key(Map.of("pk", s("IMPORT#" + ID), "sk", s("META"))))
                .item();
        Map<String, AttributeValue> expected = new HashMap<>(oldItem());
        expected.keySet()
                .retainAll(List.of(
                        "pk",
                        "sk",
                        "importId",
                        "type",
                        "callerId",
                        "userReference",
                        "bankId",
                        "bankConnectionId",
                        "bankingInterface",
                        "allowedInterfaces",
                        "importNewAccounts",
                        "requestHash",
                        "createdAt"));
        expected.put("status", s("PENDING"));
        expected.put("attempt", n(0));
        expected.put(
                "expiresAt",
                n(Instant.parse("2026-11-24T10:00:00Z")
                        .plus(Duration.ofDays(90))
                        .getEpochSecond()));
        assertThat(written).isEqualTo(expected);
    }

    /** What the string-typed code (before the enums) rendered from {@link #oldItem()}, byte for byte. */
    private static String expected(String file) throws IOException {
        try (InputStream in = StoredShapeTest.class.getResourceAsStream("/stored-shape/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
