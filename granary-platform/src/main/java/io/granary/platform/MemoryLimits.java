package io.granary.platform;

/**
 * JVM memory limits.
 *
 * @param maxHeapBytes   {@code Runtime.maxMemory()}
 * @param maxDirectBytes the JDK's direct-memory limit (-XX:MaxDirectMemorySize, or its default: the max heap),
 *                       or unknown with the reason (e.g. no HotSpot diagnostic bean)
 */
public record MemoryLimits(long maxHeapBytes, Probed<Long> maxDirectBytes) {}
