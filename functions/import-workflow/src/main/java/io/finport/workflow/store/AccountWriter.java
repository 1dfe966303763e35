package io.finport.workflow.store;

import io.finport.workflow.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes many items in batches of 25 (re-sending unprocessed items with back-off), up to {@value #WRITE_CONCURRENCY}
 * batches at a time: on DynamoDB each batch takes tens of milliseconds, so 2,000 accounts would otherwise queue for 80
 * round trips. Puts are idempotent by key.
 */
final class AccountWriter {
    static final int WRITE_CONCURRENCY = 4;
    private static final int BATCH_SIZE = 25;
    private static final int MAX_RESENDS = 8;
    private static final Backoff RESEND_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    private final DynamoTable table;

    AccountWriter(DynamoTable table) {
        this.table = table;
    }

    /** Returns the number of BatchWriteItem requests. */
    int put(List<Map<String, AttributeValue>> items) {
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int from = 0; from < items.size(); from += BATCH_SIZE) {
            batches.add(items.subList(from, Math.min(items.size(), from + BATCH_SIZE)).stream()
                    .map(item -> WriteRequest.builder()
                            .putRequest(PutRequest.builder().item(item).build())
                            .build())
                    .toList());
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
        Map<String, List<WriteRequest>> pending = Map.of(table.name(), batch);
        int requests = 0;
        int resends = 0;
        while (!pending.getOrDefault(table.name(), List.of()).isEmpty()) {
            Map<String, List<WriteRequest>> toSend = pending;
            BatchWriteItemResponse response =
                    DynamoTable.call("putAccounts", () -> table.client().batchWriteItem(b -> b.requestItems(toSend)));
            requests++;
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            if (!pending.isEmpty() && ++resends > MAX_RESENDS) {
                throw new StoreUnavailableException(
                        "putAccounts", new IllegalStateException("unprocessed items remain"));
            }
            if (!pending.isEmpty()) RESEND_BACKOFF.await(resends);
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
}
