package io.granary.server.platform;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;

import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of buffer use: totals for every allocator, and per direct arena for the pooled one (for the admin
 * memory endpoint).
 */
public record AllocatorStats(String allocator, long usedDirectBytes, long usedHeapBytes, List<Arena> directArenas) {
    /** One pooled direct arena. */
    public record Arena(int index, long activeAllocations, long activeBytes, int threadCaches) {}

    public AllocatorStats {
        directArenas = List.copyOf(directArenas);
    }

    public static AllocatorStats of(ByteBufAllocator allocator) {
        long direct = -1;
        long heap = -1;
        if (allocator instanceof ByteBufAllocatorMetricProvider p) {
            ByteBufAllocatorMetric m = p.metric();
            direct = m.usedDirectMemory();
            heap = m.usedHeapMemory();
        }
        List<Arena> arenas = new ArrayList<>();
        if (allocator instanceof PooledByteBufAllocator pooled) {
            List<PoolArenaMetric> list = pooled.metric().directArenas();
            for (int i = 0; i < list.size(); i++) {
                PoolArenaMetric a = list.get(i);
                arenas.add(new Arena(i, a.numActiveAllocations(), a.numActiveBytes(), a.numThreadCaches()));
            }
        }
        return new AllocatorStats(allocator.getClass().getSimpleName(), direct, heap, arenas);
    }
}
