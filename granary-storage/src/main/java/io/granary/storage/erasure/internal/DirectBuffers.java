package io.granary.storage.erasure.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small process-wide pool of direct buffers, each big enough for one chunk of the default block size and its hash,
 * for writing shard streams. Writing a heap array makes the JDK copy it into a temporary direct buffer of its own; those
 * are cached per carrier thread, and writes from many short-lived (virtual) threads on compensating carriers keep
 * allocating and faulting in fresh ones. A shard file writer instead copies into a buffer from here (the same one
 * copy) and gives it back when the file is finished. At most {@value #MAX_POOLED} buffers are kept; requests larger
 * than {@link #SIZE} (block sizes above 1 MiB) get a buffer of their own.
 */
final class DirectBuffers {

    static final int SIZE = Geometry.HASH + (1 << 20);
    private static final int MAX_POOLED = 32;
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();

    private DirectBuffers() {}

    /** A cleared direct buffer of at least {@code capacity} bytes. */
    static ByteBuffer take(int capacity) {
        if (capacity > SIZE) {
            return ByteBuffer.allocateDirect(capacity);
        }
        ByteBuffer b = POOL.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(SIZE);
        }
        POOLED.decrementAndGet();
        return b.clear();
    }

    /** Returns a buffer from {@link #take}; the caller must not use it afterwards. */
    static void give(ByteBuffer b) {
        if (b.capacity() != SIZE || !b.isDirect()) {
            return;
        }
        if (POOLED.incrementAndGet() > MAX_POOLED) {
            POOLED.decrementAndGet();
            return;
        }
        POOL.add(b);
    }
}
