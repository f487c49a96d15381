package io.granary.platform.internal;

import io.granary.platform.Probed;

/**
 * The JDK's direct-memory limit: {@code -XX:MaxDirectMemorySize} read through the HotSpot diagnostic bean (in
 * {@link HotSpotOption}, a separate class so a runtime without {@code jdk.management} only fails that lookup).
 * 0 (not set) means the JDK default, which equals the max heap.
 */
public final class DirectMemoryProbe {
    private DirectMemoryProbe() {}

    public static Probed<Long> probe() {
        String value;
        try {
            value = HotSpotOption.get("MaxDirectMemorySize");
        } catch (Throwable t) {
            return Probed.unknown(-1L, "no HotSpot diagnostic bean: " + Safe.describe(t));
        }
        if (value == null) return Probed.unknown(-1L, "no HotSpot diagnostic bean");
        try {
            long v = Long.parseLong(value.trim());
            if (v > 0) return Probed.of(v, "-XX:MaxDirectMemorySize");
            return Probed.of(Runtime.getRuntime().maxMemory(), "JDK default (-XX:MaxDirectMemorySize not set = max heap)");
        } catch (NumberFormatException e) {
            return Probed.unknown(-1L, "unparsable MaxDirectMemorySize '" + value + "'");
        }
    }
}
