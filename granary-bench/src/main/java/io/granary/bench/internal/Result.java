package io.granary.bench.internal;

import java.util.EnumMap;
import java.util.List;

/** The outcome of a run: per-operation stats, totals, the measured wall time and the first few errors. */
public record Result(BenchConfig config, EnumMap<Op, OpStats> byOp, OpStats total, double seconds,
                     List<String> errorSamples) {

    public double opsPerSecond() {
        return seconds <= 0 ? 0 : total.ops / seconds;
    }

    /** Payload megabytes (10^6 bytes) per second, bodies sent for PUT plus bodies received for GET/LIST. */
    public double megabytesPerSecond() {
        return seconds <= 0 ? 0 : total.bytes / seconds / 1e6;
    }
}
