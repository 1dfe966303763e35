package io.finport.workflow.store;

import static io.finport.workflow.store.DynamoTable.n;
import static io.finport.workflow.store.DynamoTable.numbers;
import static io.finport.workflow.store.DynamoTable.s;
import static io.finport.workflow.store.DynamoTable.str;
import static io.finport.workflow.store.ImportItems.META;
import static io.finport.workflow.store.ImportItems.importKey;
import static io.finport.workflow.store.ImportItems.metaKey;

import io.finport.domain.ImportStatus;
import io.finport.domain.Outcome;
import io.finport.finapi.TaskStatus;
import io.finport.finapi.WebFormStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Imports and their accounts: {@code IMPORT#<id> / META} holds the record, {@code IMPORT#<id> / ACCOUNT#<id>} one
 * item per account, so one Query reads an import with its accounts ({@link ImportItems} maps them). The other items of
 * the table have their own stores: {@link ConnectionLocks}, {@link ConnectionOwners}, {@link UserDirectory},
 * {@link PollHistories}. Every write that a retried or redriven step could repeat is conditional, so it takes effect
 * once.
 */
public class ImportStore {
    private static final String OUTCOME_NOT_RECORDED = condition("attribute_not_exists(outcome)");

    private final DynamoTable table;
    private final Duration retention;
    private final AccountWriter accounts;

    public ImportStore(DynamoTable table, Duration retention) {
        this.table = table;
        this.retention = retention;
        this.accounts = new AccountWriter(table);
    }

    /** For tools and tests: the system clock. */
    public ImportStore(Supplier<DynamoDbClient> dynamoDb, String table, Duration retention) {
        this(new DynamoTable(dynamoDb, table, Clock.systemUTC()), retention);
    }

    /** Writes a new record; false when one with this id exists already (a replayed request). */
    public boolean createImport(ImportRecord r) {
        Map<String, AttributeValue> item =
                ImportItems.newRecord(r, r.request().createdAt().plus(retention).getEpochSecond());
        return DynamoTable.call("createImport", () -> {
            try {
                table.client()
                        .putItem(b ->
                                b.tableName(table.name()).item(item).conditionExpression("attribute_not_exists(pk)"));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    public Optional<ImportRecord> find(String importId) {
        return table.get("find", metaKey(importId)).map(ImportItems::toRecord);
    }

    public ImportRecord get(String importId) {
        return find(importId).orElseThrow(() -> new ImportNotFoundException(importId));
    }

    /** The record with all its account items (paged Query, consistent). */
    public Optional<ImportView> load(String importId) {
        return DynamoTable.call("load", () -> {
            ImportRecord record = null;
            List<AccountItem> items = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> exclusiveStart = start;
                QueryResponse page = table.client()
                        .query(b -> b.tableName(table.name())
                                .consistentRead(true)
                                .keyConditionExpression("pk = :pk")
                                .expressionAttributeValues(Map.of(":pk", s(importKey(importId))))
                                .exclusiveStartKey(exclusiveStart));
                for (Map<String, AttributeValue> item : page.items()) {
                    String sk = item.get("sk").s();
                    if (META.equals(sk)) {
                        record = ImportItems.toRecord(item);
                    } else if (sk.startsWith(ImportItems.ACCOUNT_PREFIX)) {
                        items.add(ImportItems.toAccount(item));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
            return record == null ? Optional.<ImportView>empty() : Optional.of(new ImportView(record, items));
        });
    }

    /** The web form exists; the first writer wins, so a retried start does not replace it. */
    public boolean markWebFormCreated(String importId, String webFormId, String url, WebFormStatus webFormStatus) {
        return update(
                "markWebFormCreated",
                importId,
                "SET webFormId = :id, webFormUrl = :url, webFormStatus = :ws, #status = :status",
                "attribute_not_exists(webFormId) AND attribute_not_exists(outcome)",
                Map.of(
                        ":id",
                        s(webFormId),
                        ":url",
                        s(url),
                        ":ws",
                        s(webFormStatus.name()),
                        ":status",
                        status(ImportStatus.WAITING_FOR_USER)));
    }

    /**
     * Keeps the sealed PSU data (see PsuVault) until the Start step has used it; only before the run started.
     * Outcome recording removes it too, so it never outlives the run.
     */
    public boolean attachSealedPsu(String importId, String sealed) {
        return update(
                "attachSealedPsu",
                importId,
                "SET sealedPsu = :p",
                "attribute_not_exists(startedAt) AND attribute_not_exists(taskId) AND attribute_not_exists(outcome)",
                Map.of(":p", s(sealed)));
    }

    /** The sealed PSU data of an import, or null (consistent read). */
    public String sealedPsu(String importId) {
        return table.get("sealedPsu", metaKey(importId), "sealedPsu")
                .map(item -> str(item, "sealedPsu"))
                .orElse(null);
    }

    /** Deletes the sealed PSU data once the update call is made (or failed). */
    public void removeSealedPsu(String importId) {
        update("removeSealedPsu", importId, "REMOVE sealedPsu", "attribute_exists(sealedPsu)", Map.of());
    }

    /** A Web Form 2.0 background update task was created for this import (once). */
    public boolean markTaskCreated(String importId, String taskId, TaskStatus taskStatus) {
        return update(
                "markTaskCreated",
                importId,
                "SET taskId = :id, taskStatus = :ts, #status = :status",
                "attribute_not_exists(taskId) AND attribute_not_exists(outcome)",
                Map.of(":id", s(taskId), ":ts", s(taskStatus.name()), ":status", status(ImportStatus.IN_PROGRESS)));
    }

    /** The task's latest status, as GET /imports/{id} shows it. */
    public boolean recordTaskStatus(String importId, TaskStatus taskStatus) {
        return update(
                "recordTaskStatus",
                importId,
                "SET taskStatus = :ts",
                "attribute_exists(taskId) AND attribute_not_exists(outcome)",
                Map.of(":ts", s(taskStatus.name())));
    }

    /**
     * finAPI accepted the update (or we joined a running one, or the web form produced a connection). The poll
     * histories are copied into the record so each status check needs no extra read.
     */
    public boolean markStarted(
            String importId,
            long bankConnectionId,
            Long bankId,
            Instant startedAt,
            boolean joined,
            List<Integer> bankHistory,
            List<Integer> connectionHistory) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":cid",
                n(bankConnectionId),
                ":at",
                s(startedAt.toString()),
                ":joined",
                AttributeValue.fromBool(joined),
                ":status",
                status(ImportStatus.IN_PROGRESS),
                ":bh",
                numbers(bankHistory),
                ":ch",
                numbers(connectionHistory)));
        String update =
                "SET bankConnectionId = :cid, startedAt = :at, joinedRunningUpdate = :joined, #status = :status, "
                        + "bankHistory = :bh, connectionHistory = :ch";
        if (bankId != null) {
            update += ", bankId = :bank";
            values.put(":bank", n(bankId));
        }
        return update(
                "markStarted",
                importId,
                update,
                "attribute_not_exists(startedAt) AND attribute_not_exists(outcome)",
                values);
    }

    /**
     * Progress of one status check. A check that arrives late (an earlier attempt retried after a later one ran)
     * must not overwrite newer progress, hence the attempt condition.
     */
    public boolean recordProgress(String importId, StatusCheck p) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder(
                "SET attempt = :attempt, lastCheckedAt = :at, nextWaitSeconds = :wait, #status = :status");
        values.put(":attempt", n(p.attempt()));
        values.put(":at", s(p.checkedAt().toString()));
        values.put(":wait", n(p.nextWaitSeconds()));
        values.put(":status", status(p.status()));
        if (p.updateStatus() != null) {
            set.append(", updateStatus = :us");
            values.put(":us", s(p.updateStatus()));
        }
        if (p.categorizationStatus() != null) {
            set.append(", categorizationStatus = :cs");
            values.put(":cs", s(p.categorizationStatus()));
        }
        if (p.webFormStatus() != null) {
            set.append(", webFormStatus = :ws");
            values.put(":ws", s(p.webFormStatus().name()));
        }
        return update(
                "recordProgress",
                importId,
                set.toString(),
                "attribute_not_exists(outcome) AND attempt <= :attempt",
                values);
    }

    /** An outcome decided before classification (web form aborted or expired, user action needed). */
    public boolean markStopped(String importId, Outcome outcome, String reason) {
        return update(
                "markStopped",
                importId,
                "SET stopOutcome = :o, stopReason = :r",
                "attribute_not_exists(stopOutcome) AND attribute_not_exists(outcome)",
                Map.of(":o", s(outcome.name()), ":r", s(reason)));
    }

    /** Sets the final outcome once; false when it was recorded already (a retried or redriven step). */
    public boolean recordOutcome(
            String importId,
            Outcome outcome,
            List<String> warnings,
            String reason,
            int accountCount,
            Instant finishedAt) {
        OutcomeWrite write = OutcomeWrite.of(outcome, warnings, reason, accountCount, finishedAt, null);
        return table.updateIf(
                "recordOutcome",
                metaKey(importId),
                write.update(),
                OUTCOME_NOT_RECORDED,
                write.names(),
                write.values());
    }

    /**
     * As {@link #recordOutcome}, with the connection's consent expiry as finAPI reported it (null: none or not read);
     * returns the record as this write stored it (no read), or empty when an outcome was recorded before.
     */
    public Optional<ImportRecord> recordOutcomeAndGet(
            String importId,
            Outcome outcome,
            List<String> warnings,
            String reason,
            int accountCount,
            Instant finishedAt,
            Instant consentExpiresAt) {
        OutcomeWrite write = OutcomeWrite.of(outcome, warnings, reason, accountCount, finishedAt, consentExpiresAt);
        return table.updateIfAndGet(
                        "recordOutcome",
                        metaKey(importId),
                        write.update(),
                        OUTCOME_NOT_RECORDED,
                        write.names(),
                        write.values())
                .map(ImportItems::toRecord);
    }

    /** Marks the notification as sent now; false when another run of the step sent it first. */
    public boolean markNotified(String importId, String messageId) {
        return markNotified(importId, messageId, table.now());
    }

    /** Marks the notification as sent; false when another run of the step sent it first. */
    public boolean markNotified(String importId, String messageId, Instant at) {
        return update(
                "markNotified",
                importId,
                "SET notifiedAt = :at, notificationMessageId = :m",
                "attribute_not_exists(notifiedAt)",
                Map.of(":at", s(at.toString()), ":m", s(messageId)));
    }

    public void markAccountsListed(String importId) {
        update(
                "markAccountsListed",
                importId,
                "SET accountsListed = :t",
                "attribute_exists(pk)",
                Map.of(":t", AttributeValue.fromBool(true)));
    }

    /** Writes the account items (idempotent by key); returns the number of BatchWriteItem requests. */
    public int putAccounts(String importId, List<AccountItem> items) {
        long expiresAt = table.expiresIn(retention);
        return accounts.put(items.stream()
                .map(a -> ImportItems.accountItem(importId, a, expiresAt))
                .toList());
    }

    private boolean update(
            String operation, String importId, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = update.contains("#status") ? Map.of("#status", "status") : null;
        return table.updateIf(operation, metaKey(importId), update, condition(condition), names, values);
    }

    /** Every update of an import requires the import to exist: a stray update must not create a bare record. */
    private static String condition(String condition) {
        return "attribute_exists(pk) AND (" + condition + ")";
    }

    private static AttributeValue status(ImportStatus status) {
        return s(status.name());
    }

    /** An import record with its account items. */
    public record ImportView(ImportRecord record, List<AccountItem> accounts) {}
}
