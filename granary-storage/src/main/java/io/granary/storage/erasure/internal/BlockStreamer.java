package io.granary.storage.erasure.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Future;

/**
 * Streams bytes into a {@link ShardEncoder}'s shard streams block by block, coding off the caller's thread.
 *
 * <p>Incoming bytes are copied once, straight into the data chunks of the block being filled (no block buffer). A full
 * block is handed to a background task that computes the parity, then hashes and appends each drive's chunk, while
 * the caller fills the other of two chunk sets with the next block; at most one block is in flight, so blocks reach
 * every drive in order. (One task per block doing the drives one after the other measured faster, at less CPU, than
 * a task per drive: blocking file writes on many virtual threads cost more than they overlap.) The parity chunks are shared by both sets (only the task in flight
 * uses them). A failure of the task (write quorum lost) is thrown by the next {@link #write} or by {@link #finish}.
 * Memory: {@code 2k + m} chunks of {@code ceil(blockSize / k)} bytes.
 *
 * <p>Not thread-safe: one writer thread.
 */
final class BlockStreamer {

    private final EcContext ctx;
    private final ShardEncoder encoder;
    private final Geometry g;
    private final int c;
    private final byte[][][] sets = new byte[2][][];
    private int filling;
    private int buffered;
    private long size;
    private Future<?> inFlight;

    BlockStreamer(EcContext ctx, ShardEncoder encoder, Geometry g) {
        this.ctx = ctx;
        this.encoder = encoder;
        this.g = g;
        this.c = g.chunk(g.blockSize());
    }

    long size() {
        return size;
    }

    private byte[][] set(int i) {
        if (sets[i] == null) {
            byte[][] s = new byte[g.n()][];
            for (int d = 0; d < g.k(); d++) {
                s[d] = new byte[c];
            }
            byte[][] other = sets[1 - i];
            for (int p = g.k(); p < g.n(); p++) {
                s[p] = other != null ? other[p] : new byte[c];
            }
            sets[i] = s;
        }
        return sets[i];
    }

    /** Adds {@code src}'s remaining bytes. */
    void write(ByteBuffer src) {
        int bs = g.blockSize();
        while (src.hasRemaining()) {
            if (buffered == bs) {
                submitFull();
            }
            byte[][] s = set(filling);
            int chunk = buffered / c;
            int in = buffered - chunk * c;
            int n = Math.min(src.remaining(), Math.min(c - in, bs - buffered));
            src.get(s[chunk], in, n);
            buffered += n;
            size += n;
        }
    }

    private void submitFull() {
        byte[][] s = set(filling);
        int pad = g.k() * c - g.blockSize();
        if (pad > 0) {
            Arrays.fill(s[g.k() - 1], c - pad, c, (byte) 0);
        }
        awaitInFlight();
        int len = buffered;
        inFlight = ctx.async(() -> encoder.encodeShards(s, len));
        filling = 1 - filling;
        buffered = 0;
    }

    /** Codes the last (possibly partial) block and waits until every block is written; throws on quorum loss. */
    void finish() {
        if (buffered == g.blockSize()) {
            submitFull();
        }
        awaitInFlight();
        if (buffered == 0) {
            return;
        }
        // a shorter last block has shorter chunks: lay its bytes out again, into the other (idle) set if there is one
        int len = buffered;
        int cl = g.chunk(len);
        byte[][] from = set(filling);
        byte[][] to = sets[1 - filling];
        if (to == null) {
            to = new byte[g.n()][];
            for (int i = 0; i < g.n(); i++) {
                to[i] = i < g.k() ? new byte[cl] : from[i];
            }
        }
        for (int i = 0; i < g.k(); i++) {
            int start = i * cl;
            int n = Math.max(0, Math.min(cl, len - start));
            gather(from, start, to[i], n);
            Arrays.fill(to[i], n, cl, (byte) 0);
        }
        buffered = 0;
        encoder.encodeShards(to, len);
    }

    /** Copies {@code n} block bytes from {@code start}, laid out in chunks of {@code c} in {@code from}, to dst[0..n). */
    private void gather(byte[][] from, int start, byte[] dst, int n) {
        int done = 0;
        while (done < n) {
            int at = start + done;
            int chunk = at / c;
            int in = at - chunk * c;
            int m = Math.min(n - done, c - in);
            System.arraycopy(from[chunk], in, dst, done, m);
            done += m;
        }
    }

    /** Waits for the block in flight (if any), so that its files can be discarded or its failure seen. */
    void awaitInFlight() {
        Future<?> f = inFlight;
        inFlight = null;
        if (f != null) {
            EcContext.await(f);
        }
    }

    /** Abandons the stream: waits for the block in flight (ignoring its failure), then discards every file. */
    void abort() {
        try {
            awaitInFlight();
        } catch (RuntimeException ignored) {
            // discarding anyway
        } finally {
            encoder.discardAll();
        }
    }
}
