package io.finport.workflow.store;

import static io.finport.workflow.store.DynamoTable.bool;
import static io.finport.workflow.store.DynamoTable.instant;
import static io.finport.workflow.store.DynamoTable.ints;
import static io.finport.workflow.store.DynamoTable.lng;
import static io.finport.workflow.store.DynamoTable.n;
import static io.finport.workflow.store.DynamoTable.s;
import static io.finport.workflow.store.DynamoTable.str;
import static io.finport.workflow.store.DynamoTable.stringList;
import static io.finport.workflow.store.DynamoTable.strings;

import io.finport.domain.ImportStatus;
import io.finport.domain.ImportType;
import io.finport.domain.Outcome;
import io.finport.finapi.TaskStatus;
import io.finport.finapi.WebFormStatus;
import io.finport.workflow.store.ImportRecord.Notification;
import io.finport.workflow.store.ImportRecord.Progress;
import io.finport.workflow.store.ImportRecord.Request;
import io.finport.workflow.store.ImportRecord.Result;
import io.finport.workflow.store.ImportRecord.WebFormAndTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of one import: {@code IMPORT#<id> / META} (the record) and {@code IMPORT#<id> / ACCOUNT#<id>}. The
 * attribute names and the enums' constant names are the stored shape, which items written before stay readable in.
 */
final class ImportItems {
    static final String META = "META";
    static final String ACCOUNT_PREFIX = "ACCOUNT#";

    private ImportItems() {}

    static String importKey(String importId) {
        return "IMPORT#" + importId;
    }

    static Map<String, AttributeValue> metaKey(String importId) {
        return DynamoTable.key(importKey(importId), META);
    }

    /** The item of a new record (what the API knows; the steps fill in the rest). */
    static Map<String, AttributeValue> newRecord(ImportRecord r, long expiresAt) {
        Request q = r.request();
        Map<String, AttributeValue> item = new HashMap<>(metaKey(r.importId()));
        item.put("importId", s(r.importId()));
        item.put("type", s(r.type().name()));
        item.put("status", s(r.status().name()));
        putIfPresent(item, "callerId", q.callerId());
        putIfPresent(item, "userReference", q.userReference());
        putIfPresent(item, "bankId", r.bankId());
        putIfPresent(item, "bankConnectionId", r.bankConnectionId());
        putIfPresent(item, "bankingInterface", q.bankingInterface());
        if (q.allowedInterfaces() != null) item.put("allowedInterfaces", strings(q.allowedInterfaces()));
        item.put("importNewAccounts", AttributeValue.fromBool(q.importNewAccounts()));
        putIfPresent(item, "requestHash", q.requestHash());
        item.put("createdAt", s(q.createdAt().toString()));
        item.put("attempt", n(0));
        item.put("expiresAt", n(expiresAt));
        return item;
    }

    static ImportRecord toRecord(Map<String, AttributeValue> item) {
        return new ImportRecord(
                str(item, "importId"),
                ImportType.valueOf(str(item, "type")),
                ImportStatus.valueOf(str(item, "status")),
                lng(item, "bankId"),
                lng(item, "bankConnectionId"),
                new Request(
                        str(item, "callerId"),
                        str(item, "userReference"),
                        str(item, "bankingInterface"),
                        stringList(item, "allowedInterfaces"),
                        bool(item, "importNewAccounts"),
                        str(item, "requestHash"),
                        instant(item, "createdAt")),
                new WebFormAndTask(
                        str(item, "webFormId"),
                        str(item, "webFormUrl"),
                        parsed(item, "webFormStatus", WebFormStatus::parse),
                        str(item, "taskId"),
                        parsed(item, "taskStatus", TaskStatus::parse)),
                new Progress(
                        instant(item, "startedAt"),
                        bool(item, "joinedRunningUpdate"),
                        Optional.ofNullable(lng(item, "attempt")).orElse(0L).intValue(),
                        str(item, "updateStatus"),
                        str(item, "categorizationStatus"),
                        instant(item, "lastCheckedAt"),
                        lng(item, "nextWaitSeconds"),
                        bool(item, "accountsListed"),
                        ints(item, "bankHistory"),
                        ints(item, "connectionHistory")),
                new Result(
                        parsed(item, "stopOutcome", Outcome::valueOf),
                        str(item, "stopReason"),
                        parsed(item, "outcome", Outcome::valueOf),
                        Optional.ofNullable(stringList(item, "warnings")).orElse(List.of()),
                        str(item, "reason"),
                        Optional.ofNullable(lng(item, "accountCount"))
                                .map(Long::intValue)
                                .orElse(null),
                        instant(item, "finishedAt"),
                        instant(item, "consentExpiresAt")),
                new Notification(instant(item, "notifiedAt"), str(item, "notificationMessageId")));
    }

    static Map<String, AttributeValue> accountItem(String importId, AccountItem a, long expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(importKey(importId)));
        item.put("sk", s(SortKeys.padded(ACCOUNT_PREFIX, a.accountId())));
        item.put("accountId", n(a.accountId()));
        putIfPresent(item, "accountName", a.accountName());
        putIfPresent(item, "accountType", a.accountType());
        putIfPresent(item, "ibanMasked", a.ibanMasked());
        putIfPresent(item, "currency", a.currency());
        putIfPresent(item, "accountStatus", a.status());
        putIfPresent(item, "bankingInterface", a.bankingInterface());
        item.put("downloading", AttributeValue.fromBool(a.downloading()));
        item.put("expiresAt", n(expiresAt));
        return item;
    }

    static AccountItem toAccount(Map<String, AttributeValue> item) {
        return new AccountItem(
                Long.parseLong(item.get("accountId").n()),
                str(item, "accountName"),
                str(item, "accountType"),
                str(item, "ibanMasked"),
                str(item, "currency"),
                str(item, "accountStatus"),
                str(item, "bankingInterface"),
                bool(item, "downloading"));
    }

    private static <T> T parsed(Map<String, AttributeValue> item, String name, Function<String, T> parse) {
        String v = str(item, name);
        return v == null ? null : parse.apply(v);
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value instanceof String str && !str.isEmpty()) item.put(name, s(str));
        else if (value instanceof Long l) item.put(name, n(l));
    }
}
