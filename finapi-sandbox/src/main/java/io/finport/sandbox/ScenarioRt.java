package io.finport.sandbox;

import io.finport.sandbox.Scenario.FaultSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A registered scenario at run time: its bank, the connections it made, its faults' counters and its update calls. */
final class ScenarioRt {
    final String id;
    final Scenario spec;
    final long bankId;
    final Instant registeredAt;
    final List<FaultRt> faults;
    final List<Long> connectionIds = new ArrayList<>();
    int updateCalls;

    ScenarioRt(String id, Scenario spec, long bankId, Instant registeredAt) {
        this.id = id;
        this.spec = spec;
        this.bankId = bankId;
        this.registeredAt = registeredAt;
        this.faults = spec.faults().stream().map(FaultRt::new).toList();
    }

    String bankName() {
        return spec.bank().name() != null ? spec.bank().name() : "Sandbox Bank (" + spec.name() + ")";
    }

    /** A fault with how many requests matched its endpoint and how often it was applied. */
    static final class FaultRt {
        final FaultSpec spec;
        int matched;
        int applied;

        FaultRt(FaultSpec spec) {
            this.spec = spec;
        }
    }
}
