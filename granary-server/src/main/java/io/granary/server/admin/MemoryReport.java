package io.granary.server.admin;

import io.granary.server.platform.AllocatorStats;
import io.netty.buffer.ByteBufAllocator;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Memory statistics for the admin API: heap, non-heap, the JDK's buffer pools and the Netty allocator's arenas. */
public final class MemoryReport {
    private MemoryReport() {}

    public static Map<String, Object> of(ByteBufAllocator allocator) {
        Map<String, Object> root = new LinkedHashMap<>();
        var memory = ManagementFactory.getMemoryMXBean();
        root.put("heap", usage(memory.getHeapMemoryUsage()));
        root.put("nonHeap", usage(memory.getNonHeapMemoryUsage()));
        List<Object> pools = new ArrayList<>();
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", pool.getName());
            p.put("count", pool.getCount());
            p.put("usedBytes", pool.getMemoryUsed());
            p.put("capacityBytes", pool.getTotalCapacity());
            pools.add(p);
        }
        root.put("bufferPools", pools);
        AllocatorStats stats = AllocatorStats.of(allocator);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("allocator", stats.allocator());
        a.put("usedDirectBytes", stats.usedDirectBytes());
        a.put("usedHeapBytes", stats.usedHeapBytes());
        List<Object> arenas = new ArrayList<>();
        for (AllocatorStats.Arena arena : stats.directArenas()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", arena.index());
            m.put("activeAllocations", arena.activeAllocations());
            m.put("activeBytes", arena.activeBytes());
            m.put("threadCaches", arena.threadCaches());
            arenas.add(m);
        }
        a.put("directArenas", arenas);
        root.put("bufferAllocator", a);
        return root;
    }

    private static Map<String, Object> usage(MemoryUsage u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("usedBytes", u.getUsed());
        m.put("committedBytes", u.getCommitted());
        m.put("maxBytes", u.getMax());
        return m;
    }
}
