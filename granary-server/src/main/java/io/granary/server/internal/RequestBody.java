package io.granary.server.internal;

import io.granary.s3.BodyTruncatedException;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body as a blocking {@link InputStream}, fed by the event loop with the chunks Netty decodes and read by
 * the request's virtual thread.
 *
 * <p>Implementation notes: the event loop {@link #offer}s retained buffers; when more than {@link #HIGH_WATER} bytes
 * wait unread, it asks the connection to stop reading from the socket (TCP back-pressure reaches the client), and
 * the reader asks it to resume once the backlog drops below {@link #LOW_WATER}. So memory per request is bounded
 * whatever the body size. The first read triggers {@code onFirstRead} (used to send {@code 100 Continue}).
 */
final class RequestBody extends InputStream {
    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;
    private static final long READ_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** How the body tells the connection to pause or resume socket reads. */
    interface FlowControl {
        void pauseReading(boolean pause);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final FlowControl flow;
    private Runnable onFirstRead;
    private long buffered;
    private boolean paused;
    private boolean complete;
    private boolean discarded;
    private IOException failure;
    private long received;

    RequestBody(FlowControl flow, Runnable onFirstRead) {
        this.flow = flow;
        this.onFirstRead = onFirstRead;
    }

    /** A body that is already complete and empty. */
    static RequestBody empty() {
        RequestBody b = new RequestBody(p -> {}, null);
        b.complete = true;
        return b;
    }

    // ---- producer side (event loop) ----

    void offer(ByteBuf chunk, boolean last) {
        lock.lock();
        try {
            if (discarded || complete) {
                chunk.release();
            } else {
                int n = chunk.readableBytes();
                if (n > 0) {
                    queue.add(chunk);
                    buffered += n;
                    received += n;
                } else {
                    chunk.release();
                }
                if (last) complete = true;
                if (!paused && buffered > HIGH_WATER) {
                    paused = true;
                    flow.pauseReading(true);
                }
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection closed or failed before the body was complete. */
    void fail(IOException cause) {
        lock.lock();
        try {
            if (!complete && failure == null) failure = cause;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean fullyReceived() {
        lock.lock();
        try {
            return complete;
        } finally {
            lock.unlock();
        }
    }

    /** Releases everything buffered and drops whatever still arrives. */
    void discard() {
        lock.lock();
        try {
            discarded = true;
            releaseAll();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer side (request thread) ----

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] dst, int off, int len) throws IOException {
        if (len == 0) return 0;
        Runnable first = onFirstRead;
        if (first != null) {
            onFirstRead = null;
            first.run();
        }
        lock.lock();
        try {
            long deadline = System.nanoTime() + READ_TIMEOUT_NANOS;
            while (queue.isEmpty()) {
                if (discarded) throw new IOException("request body discarded");
                if (complete) return -1;
                if (failure != null) throw failure;
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new BodyTruncatedException("timed out waiting for the request body");
                readable.awaitNanos(left);
            }
            ByteBuf head = queue.peek();
            int n = Math.min(len, head.readableBytes());
            head.readBytes(dst, off, n);
            if (!head.isReadable()) {
                queue.poll().release();
            }
            buffered -= n;
            if (paused && buffered < LOW_WATER) {
                paused = false;
                flow.pauseReading(false);
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the request body");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads and drops the rest of the body, up to {@code limit} bytes. Returns true if the body ended within the
     * limit (so the connection can be kept alive).
     */
    boolean skipRemaining(long limit) {
        byte[] scratch = new byte[16 * 1024];
        long skipped = 0;
        try {
            onFirstRead = null; // never invite a body we are about to drop
            while (skipped <= limit) {
                int n = read(scratch, 0, scratch.length);
                if (n < 0) return true;
                skipped += n;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    long bytesReceived() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // The stream is owned by the connection; closing it from the handler side changes nothing.
    }

    private void releaseAll() {
        ByteBuf b;
        while ((b = queue.poll()) != null) b.release();
        buffered = 0;
    }
}
