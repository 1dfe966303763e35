package io.finport.bench;

import java.util.List;
import java.util.Locale;

/** Small helpers shared by the cold-start and scale benchmarks: medians and number formatting for tables. */
public final class Stats {
    private Stats() {}

    /** The median; for an even count, the mean of the two middle values. NaN when empty. */
    public static double median(List<? extends Number> values) {
        if (values.isEmpty()) return Double.NaN;
        double[] sorted =
                values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double min(List<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).min().orElse(Double.NaN);
    }

    public static double max(List<? extends Number> values) {
        return values.stream().mapToDouble(Number::doubleValue).max().orElse(Double.NaN);
    }

    /**
     * The exponent k of time ~ size^k between two points: 1 is linear, below 1 better than linear (fixed costs
     * amortised), above 1 worse.
     */
    public static double scalingExponent(double sizeA, double timeA, double sizeB, double timeB) {
        return Math.log(timeB / timeA) / Math.log(sizeB / sizeA);
    }

    public static String fmt(double value, int decimals) {
        if (Double.isNaN(value)) return "–";
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    public static String mb(long bytes) {
        return fmt(bytes / 1_048_576.0, 1);
    }
}
