package io.granary.bench.internal;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramTest {

    @Test
    void smallValuesAreExact() {
        Histogram h = new Histogram();
        for (int v = 1; v <= 100; v++) h.record(v);
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentile(50)).isEqualTo(50);
        assertThat(h.percentile(90)).isEqualTo(90);
        assertThat(h.percentile(99)).isEqualTo(99);
        assertThat(h.percentile(100)).isEqualTo(100);
        assertThat(h.min()).isEqualTo(1);
        assertThat(h.max()).isEqualTo(100);
        assertThat(h.mean()).isEqualTo(50.5);
    }

    @Test
    void emptyHistogramReportsZero() {
        Histogram h = new Histogram();
        assertThat(h.percentile(50)).isZero();
        assertThat(h.max()).isZero();
        assertThat(h.mean()).isZero();
    }

    @Test
    void bucketsAreContiguousAndNarrow() {
        for (int i = 0; i < Histogram.BUCKETS - 1; i++) {
            assertThat(Histogram.lowerBound(i + 1)).isEqualTo(Histogram.upperBound(i) + 1);
        }
        for (long v : new long[] {0, 1, 127, 128, 129, 255, 256, 1000, 123_456, 9_999_999_999L, (1L << 42) - 1}) {
            int idx = Histogram.index(v);
            assertThat(Histogram.lowerBound(idx)).isLessThanOrEqualTo(v);
            assertThat(Histogram.upperBound(idx)).isGreaterThanOrEqualTo(v);
            assertThat(Histogram.upperBound(idx) - Histogram.lowerBound(idx)).isLessThanOrEqualTo(Math.max(0, v / 64));
        }
    }

    @Test
    void percentilesOfRandomLatenciesAreWithinTwoPercentOfExact() {
        SplittableRandom rnd = new SplittableRandom(7);
        long[] values = new long[100_000];
        Histogram h = new Histogram();
        for (int i = 0; i < values.length; i++) {
            // log-uniform between 10 µs and 1 s, like request latencies
            values[i] = (long) Math.exp(Math.log(10_000) + rnd.nextDouble() * (Math.log(1e9) - Math.log(10_000)));
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) h.percentile(p)).as("p%s", p).isCloseTo(exact, within(exact * 0.02));
        }
    }

    @Test
    void mergingAddsCounts() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        for (int i = 0; i < 50; i++) a.record(10);
        for (int i = 0; i < 50; i++) b.record(20);
        a.add(b);
        assertThat(a.count()).isEqualTo(100);
        assertThat(a.percentile(50)).isEqualTo(10);
        assertThat(a.percentile(51)).isEqualTo(20);
        assertThat(a.min()).isEqualTo(10);
        assertThat(a.max()).isEqualTo(20);
    }

    @Test
    void hugeAndNegativeValuesAreClamped() {
        Histogram h = new Histogram();
        h.record(-5);
        h.record(Long.MAX_VALUE);
        assertThat(h.count()).isEqualTo(2);
        assertThat(h.percentile(1)).isZero();
        assertThat(h.max()).isEqualTo((1L << 42) - 1);
    }
}
