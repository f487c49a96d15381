package io.granary.server.platform;

import io.granary.platform.Probed;

/**
 * The bound on direct buffer memory and how it is enforced.
 *
 * <p>Enforcement: {@link AllocatorSelector} sets {@code -Dio.netty.maxDirectMemory} to {@link #maxBytes()} before
 * Netty's {@code PlatformDependent} initialises (unless the user set it), so Netty counts its cleaner-less direct
 * buffers and throws {@code OutOfDirectMemoryError} past the cap. Where Netty allocates through the JDK instead
 * (no {@code Unsafe}), the JDK's {@code -XX:MaxDirectMemorySize} is the bound: the launcher should pass the same
 * value. The pooled allocator is additionally sized to the cap (fewer arenas when the cap is small).
 *
 * @param maxBytes the cap in bytes
 * @param source   where the value came from ("--max-buffer-memory", "JDK direct-memory limit", ...)
 */
public record BufferMemoryCap(long maxBytes, String source) {
    /** Used when neither the option nor the JDK limit is known. */
    public static final long FALLBACK_BYTES = 256L << 20;

    public BufferMemoryCap {
        if (maxBytes <= 0) throw new IllegalArgumentException("cap must be positive: " + maxBytes);
    }

    /** The option if given, else the JDK's direct-memory limit, else {@link #FALLBACK_BYTES}. */
    public static BufferMemoryCap resolve(Long option, Probed<Long> jdkLimit) {
        if (option != null) return new BufferMemoryCap(option, "--max-buffer-memory");
        if (jdkLimit.known() && jdkLimit.value() > 0) {
            return new BufferMemoryCap(jdkLimit.value(), "JDK direct-memory limit: " + jdkLimit.detail());
        }
        return new BufferMemoryCap(FALLBACK_BYTES, "fallback (JDK limit unknown: " + jdkLimit.detail() + ")");
    }
}
