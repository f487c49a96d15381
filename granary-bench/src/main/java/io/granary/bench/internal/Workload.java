package io.granary.bench.internal;

import java.util.Locale;

/** What the workers do. */
public enum Workload {
    PUT, GET, STAT, DELETE, LIST, MIXED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the measured phase needs objects uploaded first. */
    public boolean needsObjects() {
        return this != PUT;
    }
}
