package io.granary.server.platform;

import io.granary.platform.AllocatorChoice;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

/**
 * Maps an {@link AllocatorChoice} to a Netty {@link ByteBufAllocator} bounded by a {@link BufferMemoryCap}.
 * Call {@link #create} before anything else touches Netty, so the cap reaches {@code io.netty.maxDirectMemory}.
 */
public final class AllocatorSelector {
    /** Netty's system property for its own direct-memory counter. */
    public static final String NETTY_MAX_DIRECT = "io.netty.maxDirectMemory";
    static final int PAGE = 8192;
    static final int MAX_ORDER = 9; // chunk = 8 KiB << 9 = 4 MiB
    static final long CHUNK = (long) PAGE << MAX_ORDER;

    private AllocatorSelector() {}

    public static AllocatorSetup create(AllocatorChoice choice, BufferMemoryCap cap) {
        boolean setByUs = false;
        if (System.getProperty(NETTY_MAX_DIRECT) == null) {
            System.setProperty(NETTY_MAX_DIRECT, Long.toString(cap.maxBytes()));
            setByUs = true;
        }
        ByteBufAllocator allocator = switch (choice.kind()) {
            case POOLED -> pooled(cap);
            case ADAPTIVE -> new AdaptiveByteBufAllocator(true, false);
            case UNPOOLED -> new UnpooledByteBufAllocator(true);
        };
        return new AllocatorSetup(allocator, choice, cap, enforcement(cap, setByUs));
    }

    /** Arenas sized so that three chunks per arena fit in the cap, at most two per CPU. */
    static int directArenas(long capBytes, int cpus) {
        long fit = capBytes / (CHUNK * 3);
        return (int) Math.max(1, Math.min(2L * cpus, fit));
    }

    private static PooledByteBufAllocator pooled(BufferMemoryCap cap) {
        int cpus = Runtime.getRuntime().availableProcessors();
        int arenas = directArenas(cap.maxBytes(), cpus);
        return new PooledByteBufAllocator(true, arenas, arenas, PAGE, MAX_ORDER,
                PooledByteBufAllocator.defaultSmallCacheSize(), PooledByteBufAllocator.defaultNormalCacheSize(),
                false);
    }

    private static String enforcement(BufferMemoryCap cap, boolean setByUs) {
        try {
            return describeEnforcement(cap.maxBytes(), PlatformDependent.maxDirectMemory(),
                    PlatformDependent.useDirectBufferNoCleaner(), setByUs);
        } catch (Throwable t) {
            return "unknown: " + t;
        }
    }

    /**
     * How the cap is enforced given Netty's state.
     *
     * @param effective Netty's direct-memory limit ({@code PlatformDependent.maxDirectMemory()})
     * @param counted   whether Netty counts its own (cleaner-less) direct buffers against that limit
     */
    static String describeEnforcement(long cap, long effective, boolean counted, boolean setByUs) {
        String how;
        if (counted) {
            how = "Netty counts direct buffers against " + ByteSize.format(effective);
            if (effective != cap) {
                how += setByUs ? "; Netty initialised before the cap was set" : "; " + NETTY_MAX_DIRECT + " was already set";
            }
        } else if (cap >= effective) {
            how = "bounded by the JDK's -XX:MaxDirectMemorySize (" + ByteSize.format(effective)
                    + "); Netty allocates through the JDK";
        } else {
            how = "NOT enforced: Netty allocates through the JDK, whose limit is " + ByteSize.format(effective)
                    + "; start the JVM with -XX:MaxDirectMemorySize=" + cap;
        }
        return how;
    }
}
