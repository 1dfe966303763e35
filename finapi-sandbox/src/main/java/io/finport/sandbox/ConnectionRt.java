package io.finport.sandbox;

import io.finport.sandbox.FinapiJson.UpdateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A bank connection at run time: its accounts, its update and categorization status and how often it was polled. */
final class ConnectionRt {
    final long id;
    final ScenarioRt scenario;
    final List<Long> accountIds = new ArrayList<>();
    String updateStatus = ConnectionSimulator.READY;
    String categorizationStatus = ConnectionSimulator.READY;
    int polls;
    int categorizationPolls;
    Instant lastUpdateAttempt;
    UpdateResult lastManualUpdate;

    ConnectionRt(long id, ScenarioRt scenario) {
        this.id = id;
        this.scenario = scenario;
    }
}
