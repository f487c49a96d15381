package io.granary.bench.internal;

/**
 * A log-linear histogram of non-negative longs (nanoseconds here): values below 128 are exact, larger ones fall in
 * buckets at most 1/64 (1.6%) wide relative to their value. Recording is an array increment; one histogram per
 * thread, merged at the end. Values up to 2^42 (about 73 minutes in ns) are kept; larger ones are clamped.
 */
public final class Histogram {
    private static final int SUB_BITS = 7;               // 128 exact values, then 64 sub-buckets per power of two
    private static final int HALF = 1 << (SUB_BITS - 1); // 64
    private static final int MAX_BITS = 42;
    private static final long MAX_VALUE = (1L << MAX_BITS) - 1;
    static final int BUCKETS = (MAX_BITS - SUB_BITS + 2) * HALF;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long sum;
    private long min = Long.MAX_VALUE;
    private long max;

    static int index(long v) {
        if (v < (1 << SUB_BITS)) return (int) v;
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int e = msb - (SUB_BITS - 1);
        return e * HALF + (int) (v >>> e);
    }

    static long lowerBound(int idx) {
        if (idx < (1 << SUB_BITS)) return idx;
        int e = idx / HALF - 1;
        long m = idx - (long) e * HALF;
        return m << e;
    }

    static long upperBound(int idx) {
        if (idx < (1 << SUB_BITS)) return idx;
        int e = idx / HALF - 1;
        long m = idx - (long) e * HALF;
        return ((m + 1) << e) - 1;
    }

    public void record(long v) {
        if (v < 0) v = 0;
        if (v > MAX_VALUE) v = MAX_VALUE;
        counts[index(v)]++;
        total++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
    }

    public void add(Histogram o) {
        for (int i = 0; i < BUCKETS; i++) counts[i] += o.counts[i];
        total += o.total;
        sum += o.sum;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    public long count() {
        return total;
    }

    public long max() {
        return total == 0 ? 0 : max;
    }

    public long min() {
        return total == 0 ? 0 : min;
    }

    public double mean() {
        return total == 0 ? 0 : (double) sum / total;
    }

    /**
     * The value at percentile {@code p} (0..100]: the smallest recorded value such that at least p% of the values are
     * at or below it, reported as the midpoint of its bucket (clamped to the observed min/max). 0 when empty.
     */
    public long percentile(double p) {
        if (total == 0) return 0;
        long rank = (long) Math.ceil(p / 100.0 * total);
        if (rank < 1) rank = 1;
        if (rank > total) rank = total;
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                long mid = (lowerBound(i) + upperBound(i)) >>> 1;
                return Math.max(min, Math.min(max, mid));
            }
        }
        return max;
    }
}
