package io.finport.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed, seeded set of imports with clustered durations.
 *
 * <p>Model (assumption, not measured): a connection's download time is mostly decided by its bank (interface,
 * server speed) and by the connection itself (number of accounts, transaction volume), so durations cluster per bank
 * and, more tightly, per connection:
 * <pre>
 *   bank median     ~ LogNormal(median 15 s, sigma 0.6); 8% of banks are slow (median x6)
 *   connection      = bank median x LogNormal(1, sigma 0.35)
 *   one run         = connection x LogNormal(1, sigma 0.15); 4% of runs are outliers x Uniform(2, 5)
 *   clamped to [2 s, 900 s]
 * </pre>
 * Banks (200) are picked with Zipf-like popularity 1/sqrt(rank) (big banks hold more connections, the largest about 4%); each import picks one of
 * {@code imports / 10} connections uniformly, so a connection is seen about ten times over the run.
 */
final class ImportPopulation {

    static final int BANKS = 200;
    static final double MIN_SECONDS = 2;
    static final double MAX_SECONDS = 900;

    private ImportPopulation() {}

    static List<SimulatedImport> generate(int imports, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] bankMedian = new double[BANKS];
        double[] bankWeight = new double[BANKS];
        for (int b = 0; b < BANKS; b++) {
            bankMedian[b] = 15 * Math.exp(0.6 * gaussian(random)) * (random.nextDouble() < 0.08 ? 6 : 1);
            bankWeight[b] = 1.0 / Math.sqrt(b + 1);
        }
        int connections = Math.max(1, imports / 10);
        int[] connectionBank = new int[connections];
        double[] connectionMedian = new double[connections];
        for (int c = 0; c < connections; c++) {
            connectionBank[c] = pickWeighted(bankWeight, random);
            connectionMedian[c] = bankMedian[connectionBank[c]] * Math.exp(0.35 * gaussian(random));
        }
        List<SimulatedImport> result = new ArrayList<>(imports);
        for (int i = 0; i < imports; i++) {
            int c = random.nextInt(connections);
            double duration = connectionMedian[c] * Math.exp(0.15 * gaussian(random));
            if (random.nextDouble() < 0.04) {
                duration *= 2 + 3 * random.nextDouble();
            }
            duration = Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, duration));
            result.add(new SimulatedImport(i, connectionBank[c], c, duration));
        }
        return List.copyOf(result);
    }

    private static int pickWeighted(double[] weights, SplittableRandom random) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Box-Muller; SplittableRandom has no nextGaussian on --release 21 with a stable sequence we control. */
    static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
