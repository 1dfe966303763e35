package io.finport.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded imports with the phase finAPI can call back for: a person filling in a web form ({@code IMPORT}), or a
 * background update task ({@code UPDATE} without an own PSD2 licence). An assumption, not a measurement:
 *
 * <pre>
 *   IMPORT   think time ~ LogNormal(median 90 s, sigma 0.9) (long tail); 10% of forms are abandoned and expire after
 *            20 minutes, as does a form left open longer; finAPI calls back when a form is completed or aborted, not
 *            when it expires. Then the download of the new connection (ImportPopulation's durations).
 *   UPDATE   the task runs as long as the download (ImportPopulation's durations); finAPI calls back when it ends.
 *   both     a delivered callback arrives 1 s after the final status; whether it is lost is drawn per import.
 * </pre>
 */
final class FlowPopulation {

    static final double THINK_MEDIAN_SECONDS = 90;
    static final double THINK_SIGMA = 0.9;
    static final double ABANDONED = 0.10;
    static final double FORM_VALID_SECONDS = 20 * 60;
    static final double CALLBACK_LATENCY_SECONDS = 1;

    enum Kind {
        IMPORT,
        UNLICENSED_UPDATE
    }

    /**
     * One import/update.
     *
     * @param download     the finAPI download (its duration counts from the end of the user phase for an IMPORT)
     * @param finalSeconds when the web form or task reaches a final status, from the start
     * @param downloads    whether a download follows (a completed form; an update task has it inside the task)
     * @param callsBack    whether finAPI sends the callback for that final status
     * @param lossDraw     uniform in [0, 1): the callback is lost when this is below the loss rate (so every loss rate
     *                     sees the same draws, and a higher rate loses a superset)
     */
    record Flow(SimulatedImport download, double finalSeconds, boolean downloads, boolean callsBack, double lossDraw) {

        boolean callbackArrives(double lossRate) {
            return callsBack && lossDraw >= lossRate;
        }

        /** When finAPI is done: the download's READY (or the form's final status when nothing follows). */
        double readySeconds() {
            return downloads ? finalSeconds + download.durationSeconds() : finalSeconds;
        }
    }

    private FlowPopulation() {}

    static List<Flow> generate(Kind kind, int imports, long seed) {
        List<SimulatedImport> downloads = ImportPopulation.generate(imports, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Flow> flows = new ArrayList<>(imports);
        for (SimulatedImport download : downloads) {
            double think = THINK_MEDIAN_SECONDS * Math.exp(THINK_SIGMA * ImportPopulation.gaussian(random));
            boolean abandoned = random.nextDouble() < ABANDONED;
            double lossDraw = random.nextDouble();
            flows.add(
                    switch (kind) {
                        case IMPORT -> {
                            boolean expires = abandoned || think >= FORM_VALID_SECONDS;
                            yield new Flow(
                                    download, expires ? FORM_VALID_SECONDS : think, !expires, !expires, lossDraw);
                        }
                        case UNLICENSED_UPDATE -> new Flow(download, download.durationSeconds(), false, true, lossDraw);
                    });
        }
        return List.copyOf(flows);
    }
}
