package io.granary.storage.erasure.internal;

import io.granary.erasure.BitrotHash;
import io.granary.erasure.ErasureCodec;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.local.internal.FsUtil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Encodes blocks into {@code k+m} shard streams, one per drive of a set (drive position = rotated shard index). Holds
 * one block's shards in memory, never more. Sinks that fail are dropped (the drive is then missing the object); the
 * encoder fails once fewer than {@code minSinks} remain.
 */
public final class ShardEncoder {

    /** Where one drive's shard stream goes. */
    public interface Sink {
        void write(byte[] hash, byte[] chunk, int len) throws IOException;

        void discard();
    }

    /** A shard stream into a temp file on a drive (written through a pooled direct buffer, see DirectBuffers). */
    public static final class FileSink implements Sink {
        public final Drive drive;
        public final Path path;
        private FileChannel ch;
        private ByteBuffer out;

        public FileSink(Drive drive, String suffix) throws IOException {
            this.drive = drive;
            drive.checkOnline();
            this.path = drive.layout.newTempFile(suffix);
            this.ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }

        @Override
        public void write(byte[] hash, byte[] chunk, int len) throws IOException {
            int need = hash.length + len;
            if (out == null || out.capacity() < need) {
                release();
                out = DirectBuffers.take(need);
            }
            out.clear();
            out.put(hash).put(chunk, 0, len).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
        }

        private void release() {
            if (out != null) {
                DirectBuffers.give(out);
                out = null;
            }
        }

        /** Flushes (fsync) and closes; the file stays for the commit to move. */
        public void finish(boolean fsync) throws IOException {
            release();
            if (fsync) {
                ch.force(true);
            }
            ch.close();
            ch = null;
        }

        @Override
        public void discard() {
            release();
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // deleting anyway
                }
                ch = null;
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // tmp/ is cleared at open
            }
        }
    }

    /** A shard stream in memory (inline objects). */
    public static final class MemorySink implements Sink {
        public final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(byte[] hash, byte[] chunk, int len) {
            bytes.write(hash, 0, hash.length);
            bytes.write(chunk, 0, len);
        }

        @Override
        public void discard() {
        }
    }

    private final Geometry g;
    private final int rotation;
    private final ErasureCodec codec;
    private final Sink[] sinks;
    private final Exception[] failures;
    private final int minSinks;
    private final String what;
    private byte[][] shards;
    private long size;

    public ShardEncoder(EcContext ctx, Geometry g, int rotation, Sink[] sinks, Exception[] initialFailures,
                        int minSinks, String what) {
        this.g = g;
        this.rotation = rotation;
        this.codec = ctx.codec(g);
        this.sinks = sinks;
        this.failures = initialFailures == null ? new Exception[sinks.length] : initialFailures;
        this.minSinks = minSinks;
        this.what = what;
        checkQuorum();
    }

    public Sink sink(int pos) {
        return failures[pos] == null ? sinks[pos] : null;
    }

    public Exception failure(int pos) {
        return failures[pos];
    }

    public long size() {
        return size;
    }

    /** Encodes one block of {@code len} bytes (at most the block size; only the last block may be shorter). */
    public void encodeBlock(byte[] block, int off, int len) {
        if (len <= 0) {
            return;
        }
        int c = g.chunk(len);
        if (shards == null || shards[0].length < c) {
            shards = new byte[g.n()][c]; // sized to this block: a small object must not cost n full chunks
        }
        for (int i = 0; i < g.k(); i++) {
            int from = i * c;
            int n = Math.max(0, Math.min(c, len - from));
            if (n > 0) {
                System.arraycopy(block, off + from, shards[i], 0, n);
            }
            if (n < c) {
                Arrays.fill(shards[i], n, c, (byte) 0);
            }
        }
        encodeShards(shards, len);
    }

    /**
     * Encodes one block of {@code len} bytes whose data chunks the caller laid out already: {@code shards[i][0, c)}
     * for data shard {@code i}, {@code c = chunk(len)}, zero-padded; parity goes to {@code shards[k..n)}. Then hashes
     * and appends each drive's chunk. Fails once fewer than the quorum of drives remain.
     */
    public void encodeShards(byte[][] shards, int len) {
        if (len <= 0) {
            return;
        }
        int c = g.chunk(len);
        codec.encode(shards, 0, c);
        for (int s = 0; s < g.n(); s++) {
            writeShard(shards, s, c);
        }
        size += len;
        checkQuorum();
    }

    private void writeShard(byte[][] shards, int s, int c) {
        int pos = g.driveOf(s, rotation);
        if (failures[pos] != null) {
            return;
        }
        byte[] hash = BitrotHash.hash(EcContext.BITROT_KEY, shards[s], 0, c);
        try {
            sinks[pos].write(hash, shards[s], c);
        } catch (IOException | RuntimeException e) {
            failures[pos] = e;
            sinks[pos].discard();
        }
    }

    private void checkQuorum() {
        int ok = 0;
        Exception first = null;
        for (Exception f : failures) {
            if (f == null) {
                ok++;
            } else if (first == null) {
                first = f;
            }
        }
        if (ok < minSinks) {
            discardAll();
            throw new StorageException(first instanceof IOException io && FsUtil.io("", io).error()
                    == StorageError.STORAGE_FULL ? StorageError.STORAGE_FULL : StorageError.INTERNAL,
                    "write quorum lost for " + what + ": " + ok + " of " + sinks.length + " drives writable, need "
                            + minSinks + " (first failure: " + first + ")", first);
        }
    }

    public void discardAll() {
        for (Sink s : sinks) {
            if (s != null) {
                s.discard();
            }
        }
    }

    /** Opens a temp-file sink on every drive of the set; drives that fail are recorded in {@code failures}. */
    public static Sink[] fileSinks(EcSet set, String suffix, Exception[] failures) {
        Sink[] out = new Sink[set.n()];
        for (int p = 0; p < set.n(); p++) {
            try {
                out[p] = new FileSink(set.drives().get(p), suffix);
            } catch (IOException | RuntimeException e) {
                failures[p] = e;
            }
        }
        return out;
    }
}
