package io.granary.bench.internal;

/** Counters and histograms for one operation kind, owned by one worker and merged at the end. */
public final class OpStats {
    public final Histogram latency = new Histogram();
    public final Histogram ttfb = new Histogram();
    public long ops;
    public long bytes;
    public long errors;
    public long items; // keys listed, for LIST

    public void add(OpStats o) {
        latency.add(o.latency);
        ttfb.add(o.ttfb);
        ops += o.ops;
        bytes += o.bytes;
        errors += o.errors;
        items += o.items;
    }
}
