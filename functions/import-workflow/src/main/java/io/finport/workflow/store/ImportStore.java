package io.finport.workflow.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * All DynamoDB access of the workflow, on one table (see template.yaml ImportTable):
 * <ul>
 *   <li>{@code IMPORT#<id> / META}: the import record; {@code IMPORT#<id> / ACCOUNT#<id>}: one item per account
 *       (one Query reads an import with its accounts)</li>
 *   <li>{@code LOCK#CONNECTION#<id> / LOCK}: who is running an import/update of a bank connection</li>
 *   <li>{@code USER#<caller>#<reference> / FINAPI_USER}: the finAPI user of a caller's user reference
 *       ({@link UserDirectory}); {@code CONNECTION#<id> / OWNER}: who owns a bank connection ({@link ConnectionOwners})</li>
 *   <li>{@code POLLHISTORY#<scope> / HISTORY}: observed finAPI durations that the poll policy learns from</li>
 * </ul>
 * Every write that a retried or redriven step could repeat is conditional, so it takes effect once.
 */
public class ImportStore {
    private static final String META = "META";
    private static final int BATCH_SIZE = 25;
    static final int WRITE_CONCURRENCY = 4;

    private final Supplier<DynamoDbClient> dynamoDb;
    private final String table;
    private final Duration retention;

    /** The client is supplied lazily so building the store (at Lambda init) opens no connection. */
    public ImportStore(Supplier<DynamoDbClient> dynamoDb, String table, Duration retention) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.retention = retention;
    }

    // ---- import records ------------------------------------------------------------------------------------

    /** Writes a new record; false when one with this id exists already (a replayed request). */
    public boolean createImport(ImportRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(importKey(r.importId())));
        item.put("sk", s(META));
        item.put("importId", s(r.importId()));
        item.put("type", s(r.type()));
        item.put("status", s(r.status()));
        putIfPresent(item, "callerId", r.callerId());
        putIfPresent(item, "userReference", r.userReference());
        putIfPresent(item, "bankId", r.bankId());
        putIfPresent(item, "bankConnectionId", r.bankConnectionId());
        putIfPresent(item, "bankingInterface", r.bankingInterface());
        if (r.allowedInterfaces() != null) {
            item.put(
                    "allowedInterfaces",
                    AttributeValue.fromL(
                            r.allowedInterfaces().stream().map(ImportStore::s).toList()));
        }
        item.put("importNewAccounts", AttributeValue.fromBool(r.importNewAccounts()));
        putIfPresent(item, "requestHash", r.requestHash());
        item.put("createdAt", s(r.createdAt().toString()));
        item.put("attempt", n(0));
        item.put("expiresAt", n(r.createdAt().plus(retention).getEpochSecond()));
        return call("createImport", () -> {
            try {
                dynamoDb.get()
                        .putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    public Optional<ImportRecord> find(String importId) {
        return call("find", () -> {
            var response = dynamoDb.get()
                    .getItem(b -> b.tableName(table)
                            .consistentRead(true)
                            .key(Map.of("pk", s(importKey(importId)), "sk", s(META))));
            return response.hasItem() && !response.item().isEmpty()
                    ? Optional.of(toRecord(response.item()))
                    : Optional.empty();
        });
    }

    public ImportRecord get(String importId) {
        return find(importId).orElseThrow(() -> new ImportNotFoundException(importId));
    }

    /** The record with all its account items (paged Query, consistent). */
    public Optional<ImportView> load(String importId) {
        return call("load", () -> {
            ImportRecord record = null;
            List<AccountItem> accounts = new ArrayList<>();
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> exclusiveStart = start;
                QueryResponse page = dynamoDb.get()
                        .query(b -> b.tableName(table)
                                .consistentRead(true)
                                .keyConditionExpression("pk = :pk")
                                .expressionAttributeValues(Map.of(":pk", s(importKey(importId))))
                                .exclusiveStartKey(exclusiveStart));
                for (Map<String, AttributeValue> item : page.items()) {
                    String sk = item.get("sk").s();
                    if (META.equals(sk)) {
                        record = toRecord(item);
                    } else if (sk.startsWith("ACCOUNT#")) {
                        accounts.add(toAccount(item));
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
            return record == null ? Optional.<ImportView>empty() : Optional.of(new ImportView(record, accounts));
        });
    }

    /** The web form exists; the first writer wins, so a retried start does not replace it. */
    public boolean markWebFormCreated(String importId, String webFormId, String url, String webFormStatus) {
        return conditionalUpdate(
                "markWebFormCreated",
                importId,
                "SET webFormId = :id, webFormUrl = :url, webFormStatus = :ws, #status = :status",
                "attribute_not_exists(webFormId) AND attribute_not_exists(outcome)",
                Map.of(":id", s(webFormId), ":url", s(url), ":ws", s(webFormStatus), ":status", s("WAITING_FOR_USER")));
    }

    /**
     * Keeps the sealed PSU data (see PsuVault) until the Start step has used it; only before the run started.
     * Outcome recording removes it too, so it never outlives the run.
     */
    public boolean attachSealedPsu(String importId, String sealed) {
        return conditionalUpdate(
                "attachSealedPsu",
                importId,
                "SET sealedPsu = :p",
                "attribute_not_exists(startedAt) AND attribute_not_exists(taskId) AND attribute_not_exists(outcome)",
                Map.of(":p", s(sealed)));
    }

    /** The sealed PSU data of an import, or null (consistent read). */
    public String sealedPsu(String importId) {
        return call("sealedPsu", () -> {
            Map<String, AttributeValue> item = dynamoDb.get()
                    .getItem(b -> b.tableName(table)
                            .consistentRead(true)
                            .key(Map.of("pk", s(importKey(importId)), "sk", s(META)))
                            .projectionExpression("sealedPsu"))
                    .item();
            return item == null ? null : str(item, "sealedPsu");
        });
    }

    /** Deletes the sealed PSU data once the update call is made (or failed). */
    public void removeSealedPsu(String importId) {
        conditionalUpdate("removeSealedPsu", importId, "REMOVE sealedPsu", "attribute_exists(sealedPsu)", Map.of());
    }

    /** A Web Form 2.0 background update task was created for this import (once). */
    public boolean markTaskCreated(String importId, String taskId, String taskStatus) {
        return conditionalUpdate(
                "markTaskCreated",
                importId,
                "SET taskId = :id, taskStatus = :ts, #status = :status",
                "attribute_not_exists(taskId) AND attribute_not_exists(outcome)",
                Map.of(":id", s(taskId), ":ts", s(taskStatus), ":status", s("IN_PROGRESS")));
    }

    /** The task's latest status, as GET /imports/{id} shows it. */
    public boolean recordTaskStatus(String importId, String taskStatus) {
        return conditionalUpdate(
                "recordTaskStatus",
                importId,
                "SET taskStatus = :ts",
                "attribute_exists(taskId) AND attribute_not_exists(outcome)",
                Map.of(":ts", s(taskStatus)));
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
                s("IN_PROGRESS"),
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
        return conditionalUpdate(
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
    public boolean recordProgress(String importId, Progress p) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder(
                "SET attempt = :attempt, lastCheckedAt = :at, nextWaitSeconds = :wait, #status = :status");
        values.put(":attempt", n(p.attempt()));
        values.put(":at", s(p.checkedAt().toString()));
        values.put(":wait", n(p.nextWaitSeconds()));
        values.put(":status", s(p.status()));
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
            values.put(":ws", s(p.webFormStatus()));
        }
        return conditionalUpdate(
                "recordProgress",
                importId,
                set.toString(),
                "attribute_not_exists(outcome) AND attempt <= :attempt",
                values);
    }

    /** An outcome decided before classification (web form aborted or expired, user action needed). */
    public boolean markStopped(String importId, String outcome, String reason) {
        return conditionalUpdate(
                "markStopped",
                importId,
                "SET stopOutcome = :o, stopReason = :r",
                "attribute_not_exists(stopOutcome) AND attribute_not_exists(outcome)",
                Map.of(":o", s(outcome), ":r", s(reason)));
    }

    /** Sets the final outcome once; false when it was recorded already (a retried or redriven step). */
    public boolean recordOutcome(
            String importId,
            String outcome,
            List<String> warnings,
            String reason,
            int accountCount,
            Instant finishedAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":o", s(outcome));
        values.put(
                ":w", AttributeValue.fromL(warnings.stream().map(ImportStore::s).toList()));
        values.put(":r", reason == null ? AttributeValue.fromNul(true) : s(reason));
        values.put(":c", n(accountCount));
        values.put(":at", s(finishedAt.toString()));
        values.put(":status", s("COMPLETED"));
        return conditionalUpdate(
                "recordOutcome",
                importId,
                "SET outcome = :o, warnings = :w, reason = :r, accountCount = :c, finishedAt = :at, #status = :status "
                        + "REMOVE sealedPsu",
                "attribute_not_exists(outcome)",
                values);
    }

    /** Marks the notification as sent; false when another run of the step sent it first. */
    public boolean markNotified(String importId, String messageId, Instant at) {
        return conditionalUpdate(
                "markNotified",
                importId,
                "SET notifiedAt = :at, notificationMessageId = :m",
                "attribute_not_exists(notifiedAt)",
                Map.of(":at", s(at.toString()), ":m", s(messageId)));
    }

    public void markAccountsListed(String importId) {
        conditionalUpdate(
                "markAccountsListed",
                importId,
                "SET accountsListed = :t",
                "attribute_exists(pk)",
                Map.of(":t", AttributeValue.fromBool(true)));
    }

    /**
     * Writes account items in batches of 25 (re-sending unprocessed items), up to {@value #WRITE_CONCURRENCY} batches
     * at a time: on DynamoDB each batch takes tens of milliseconds, so 2,000 accounts would otherwise queue for
     * 80 round trips. Puts are idempotent by key. Returns the number of BatchWriteItem requests.
     */
    public int putAccounts(String importId, List<AccountItem> accounts) {
        long expiresAt = Instant.now().plus(retention).getEpochSecond();
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int from = 0; from < accounts.size(); from += BATCH_SIZE) {
            List<WriteRequest> batch = new ArrayList<>();
            for (AccountItem a : accounts.subList(from, Math.min(accounts.size(), from + BATCH_SIZE))) {
                batch.add(WriteRequest.builder()
                        .putRequest(PutRequest.builder()
                                .item(toItem(importId, a, expiresAt))
                                .build())
                        .build());
            }
            batches.add(batch);
        }
        if (batches.size() <= 1) {
            return batches.isEmpty() ? 0 : writeBatch(batches.get(0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(WRITE_CONCURRENCY, batches.size()));
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (List<WriteRequest> batch : batches) results.add(pool.submit(() -> writeBatch(batch)));
            int requests = 0;
            for (Future<Integer> result : results) requests += await(result);
            return requests;
        } finally {
            pool.shutdownNow();
        }
    }

    private int writeBatch(List<WriteRequest> batch) {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        int requests = 0;
        int round = 0;
        while (!pending.getOrDefault(table, List.of()).isEmpty()) {
            Map<String, List<WriteRequest>> toSend = pending;
            BatchWriteItemResponse response =
                    call("putAccounts", () -> dynamoDb.get().batchWriteItem(b -> b.requestItems(toSend)));
            requests++;
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            if (!pending.isEmpty() && ++round > 8) {
                throw new StoreUnavailableException(
                        "putAccounts", new IllegalStateException("unprocessed items remain"));
            }
            if (!pending.isEmpty()) sleep(50L << round);
        }
        return requests;
    }

    private static int await(Future<Integer> result) {
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new StoreUnavailableException("putAccounts", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("putAccounts", e);
        }
    }

    // ---- per-connection lock -------------------------------------------------------------------------------

    /** Frees the connection if this import still holds it (see {@link ConnectionLocks} for taking it). */
    public void releaseConnectionLock(long bankConnectionId, String importId) {
        call("releaseConnectionLock", () -> {
            try {
                dynamoDb.get()
                        .deleteItem(b -> b.tableName(table)
                                .key(Map.of("pk", s(lockKey(bankConnectionId)), "sk", s("LOCK")))
                                .conditionExpression("importId = :me")
                                .expressionAttributeValues(Map.of(":me", s(importId))));
            } catch (ConditionalCheckFailedException e) {
                // released already, or taken over after our lease expired: nothing of ours to release
            }
            return null;
        });
    }

    // ---- poll history --------------------------------------------------------------------------------------

    public List<Integer> pollHistory(String scope) {
        return call("pollHistory", () -> {
            var response = dynamoDb.get()
                    .getItem(b -> b.tableName(table).key(Map.of("pk", s("POLLHISTORY#" + scope), "sk", s("HISTORY"))));
            if (!response.hasItem() || !response.item().containsKey("durations")) return List.<Integer>of();
            return ints(response.item(), "durations");
        });
    }

    /** Replaces the history if nobody changed it since it was read (optimistic; a lost sample is harmless). */
    public void savePollHistory(String scope, List<Integer> previous, List<Integer> updated) {
        call("savePollHistory", () -> {
            try {
                Map<String, AttributeValue> values = new HashMap<>();
                values.put(":new", numbers(updated));
                // Histories of banks and connections nobody imports any more expire a year after their last sample.
                values.put(":exp", n(Instant.now().plus(Duration.ofDays(365)).getEpochSecond()));
                String condition = "attribute_not_exists(durations)";
                if (!previous.isEmpty()) {
                    values.put(":old", numbers(previous));
                    condition = "durations = :old";
                }
                String cond = condition;
                dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(Map.of("pk", s("POLLHISTORY#" + scope), "sk", s("HISTORY")))
                                .updateExpression("SET durations = :new, expiresAt = :exp")
                                .conditionExpression(cond)
                                .expressionAttributeValues(values));
            } catch (ConditionalCheckFailedException e) {
                // another import of the same bank saved first; this sample is dropped
            }
            return null;
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private boolean conditionalUpdate(
            String operation, String importId, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = update.contains("#status") ? Map.of("#status", "status") : null;
        return call(operation, () -> {
            try {
                dynamoDb.get()
                        .updateItem(b -> b.tableName(table)
                                .key(Map.of("pk", s(importKey(importId)), "sk", s(META)))
                                .updateExpression(update)
                                .conditionExpression("attribute_exists(pk) AND (" + condition + ")")
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(values.isEmpty() ? null : values));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    static <T> T call(String operation, Supplier<T> action) {
        try {
            return action.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkClientException e) {
            throw new StoreUnavailableException(operation, e);
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException(operation, e);
            }
            throw e;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.min(millis, 2_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String importKey(String importId) {
        return "IMPORT#" + importId;
    }

    static String lockKey(long bankConnectionId) {
        return "LOCK#CONNECTION#" + bankConnectionId;
    }

    private static Map<String, AttributeValue> toItem(String importId, AccountItem a, long expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(importKey(importId)));
        item.put("sk", s(String.format("ACCOUNT#%020d", a.accountId())));
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

    private static AccountItem toAccount(Map<String, AttributeValue> item) {
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

    private static ImportRecord toRecord(Map<String, AttributeValue> item) {
        return new ImportRecord(
                str(item, "importId"),
                str(item, "type"),
                str(item, "status"),
                str(item, "callerId"),
                str(item, "userReference"),
                lng(item, "bankId"),
                lng(item, "bankConnectionId"),
                str(item, "bankingInterface"),
                bool(item, "importNewAccounts"),
                str(item, "requestHash"),
                str(item, "webFormId"),
                str(item, "webFormUrl"),
                str(item, "webFormStatus"),
                instant(item, "createdAt"),
                instant(item, "startedAt"),
                bool(item, "joinedRunningUpdate"),
                Optional.ofNullable(lng(item, "attempt")).orElse(0L).intValue(),
                str(item, "updateStatus"),
                str(item, "categorizationStatus"),
                instant(item, "lastCheckedAt"),
                lng(item, "nextWaitSeconds"),
                bool(item, "accountsListed"),
                str(item, "stopOutcome"),
                str(item, "stopReason"),
                str(item, "outcome"),
                item.containsKey("warnings") && item.get("warnings").hasL()
                        ? item.get("warnings").l().stream()
                                .map(AttributeValue::s)
                                .toList()
                        : List.of(),
                str(item, "reason"),
                Optional.ofNullable(lng(item, "accountCount"))
                        .map(Long::intValue)
                        .orElse(null),
                instant(item, "finishedAt"),
                instant(item, "notifiedAt"),
                str(item, "notificationMessageId"),
                ints(item, "bankHistory"),
                ints(item, "connectionHistory"),
                item.containsKey("allowedInterfaces")
                                && item.get("allowedInterfaces").hasL()
                        ? item.get("allowedInterfaces").l().stream()
                                .map(AttributeValue::s)
                                .toList()
                        : null,
                str(item, "taskId"),
                str(item, "taskStatus"));
    }

    private static List<Integer> ints(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL()
                ? List.of()
                : v.l().stream().map(x -> Integer.parseInt(x.n())).toList();
    }

    private static AttributeValue numbers(List<Integer> values) {
        return AttributeValue.fromL(values.stream().map(i -> n(i)).toList());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value instanceof String str && !str.isEmpty()) item.put(name, s(str));
        else if (value instanceof Long l) item.put(name, n(l));
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? null : v.s();
    }

    static Long lng(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? null : Long.parseLong(v.n());
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && Boolean.TRUE.equals(v.bool());
    }

    static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    /** What one status check learnt. */
    public record Progress(
            int attempt,
            Instant checkedAt,
            long nextWaitSeconds,
            String status,
            String updateStatus,
            String categorizationStatus,
            String webFormStatus) {}

    /** An import record with its account items. */
    public record ImportView(ImportRecord record, List<AccountItem> accounts) {}
}
