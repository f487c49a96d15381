package io.granary.platform;

import java.util.Locale;

/** The Netty buffer allocator families Granary can run with. */
public enum AllocatorKind {
    /** Netty's jemalloc-style {@code PooledByteBufAllocator}: proven only on Linux x86_64 glibc with 4 KiB pages. */
    POOLED,
    /** Netty's {@code AdaptiveByteBufAllocator}: the safe default everywhere else. */
    ADAPTIVE,
    /** {@code UnpooledByteBufAllocator}: no pooling at all; for diagnosis. */
    UNPOOLED;

    /** Parses "pooled", "adaptive" or "unpooled" (any case). */
    public static AllocatorKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("allocator must be pooled, adaptive or unpooled, got '" + text + "'");
        }
    }
}
