package io.finport.workflow.store;

import static io.finport.workflow.store.DynamoTable.ints;
import static io.finport.workflow.store.DynamoTable.n;
import static io.finport.workflow.store.DynamoTable.numbers;

import io.finport.domain.poll.PollHistory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POLLHISTORY#<scope> / HISTORY}: observed finAPI durations (seconds) per bank and per bank connection, which
 * the poll policy learns from. Histories nobody adds to expire a year after their last sample.
 */
public class PollHistories {
    private static final Duration KEEP = Duration.ofDays(365);

    private final DynamoTable table;

    public PollHistories(DynamoTable table) {
        this.table = table;
    }

    /** The durations of this bank; empty for an unknown bank or none. */
    public List<Integer> ofBank(Long bankId) {
        return bankId == null ? List.of() : read(bankScope(bankId));
    }

    public List<Integer> ofConnection(long bankConnectionId) {
        return read(connectionScope(bankConnectionId));
    }

    /** Adds one observed duration to the bank's (when known) and the connection's history. */
    public void learn(Long bankId, long bankConnectionId, Duration observed) {
        if (bankId != null) addSample(bankScope(bankId), observed);
        addSample(connectionScope(bankConnectionId), observed);
    }

    public List<Integer> read(String scope) {
        return table.get("pollHistory", key(scope))
                .map(item -> ints(item, "durations"))
                .orElse(List.of());
    }

    /** Replaces the history if nobody changed it since it was read (optimistic; a lost sample is harmless). */
    public void save(String scope, List<Integer> previous, List<Integer> updated) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":new", numbers(updated));
        values.put(":exp", n(table.expiresIn(KEEP)));
        String condition = "attribute_not_exists(durations)";
        if (!previous.isEmpty()) {
            values.put(":old", numbers(previous));
            condition = "durations = :old";
        }
        // false: another import of the same bank saved first; this sample is dropped
        table.updateIf(
                "savePollHistory", key(scope), "SET durations = :new, expiresAt = :exp", condition, null, values);
    }

    private void addSample(String scope, Duration observed) {
        List<Integer> previous = read(scope);
        save(scope, previous, new PollHistory(previous).with(observed).durationsSeconds());
    }

    static String bankScope(long bankId) {
        return "BANK#" + bankId;
    }

    static String connectionScope(long bankConnectionId) {
        return "CONNECTION#" + bankConnectionId;
    }

    private static Map<String, AttributeValue> key(String scope) {
        return DynamoTable.key("POLLHISTORY#" + scope, "HISTORY");
    }
}
