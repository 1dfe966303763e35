package io.finport.workflow.store;

import static io.finport.workflow.store.DynamoTable.n;
import static io.finport.workflow.store.DynamoTable.s;
import static io.finport.workflow.store.DynamoTable.strings;

import io.finport.domain.ImportStatus;
import io.finport.domain.Outcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The one update that records an outcome, whether or not the caller wants the stored record back. */
record OutcomeWrite(String update, Map<String, String> names, Map<String, AttributeValue> values) {

    static OutcomeWrite of(
            Outcome outcome,
            List<String> warnings,
            String reason,
            int accountCount,
            Instant finishedAt,
            Instant consentExpiresAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":o", s(outcome.name()));
        values.put(":w", strings(warnings));
        values.put(":r", reason == null ? AttributeValue.fromNul(true) : s(reason));
        values.put(":c", n(accountCount));
        values.put(":at", s(finishedAt.toString()));
        values.put(":status", s(ImportStatus.COMPLETED.name()));
        String consent = "";
        if (consentExpiresAt != null) {
            values.put(":ce", s(consentExpiresAt.toString()));
            consent = ", consentExpiresAt = :ce";
        }
        String update = "SET outcome = :o, warnings = :w, reason = :r, accountCount = :c, finishedAt = :at, "
                + "#status = :status" + consent + " REMOVE sealedPsu";
        return new OutcomeWrite(update, Map.of("#status", "status"), values);
    }
}
