package io.granary.storage.erasure.internal;

import io.granary.storage.StorageException;
import io.granary.storage.erasure.ErasureStoreConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipelined block writer produces, for any sizes and write pieces, exactly the shard streams of coding each block
 * on its own (the reference), and reports a write quorum lost in its background task.
 */
class BlockStreamerTest {

    private static final int BLOCK = 4096;

    @TempDir
    Path base;

    /** A sink that records its stream, and fails from write number {@code failFrom} (1-based) on. */
    private static final class Recording implements ShardEncoder.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int failFrom;
        int writes;

        Recording(int failFrom) {
            this.failFrom = failFrom;
        }

        @Override
        public void write(byte[] hash, byte[] chunk, int len) throws IOException {
            if (++writes >= failFrom) {
                throw new IOException("the disk died");
            }
            bytes.write(hash);
            bytes.write(chunk, 0, len);
        }

        @Override
        public void discard() {
        }
    }

    private EcContext context(int n) {
        List<Path> drives = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            drives.add(base.resolve("d" + i));
        }
        ErasureStoreConfig config = ErasureStoreConfig.of(drives).withFsync(false).withBlockSize(BLOCK, 0);
        return new EcContext(config, Format.open(drives, false));
    }

    private static Recording[] sinks(int n, int failing, int failFrom) {
        Recording[] out = new Recording[n];
        for (int i = 0; i < n; i++) {
            out[i] = new Recording(i < failing ? failFrom : Integer.MAX_VALUE);
        }
        return out;
    }

    @ParameterizedTest(name = "{0} drives")
    @ValueSource(ints = {2, 4, 6, 7})
    void streamsEqualBlockByBlockCoding(int n) {
        // 6 drives: k = 3 does not divide the block, so full blocks end in padding; 2 drives: k = 1
        EcContext ctx = context(n);
        try {
            Geometry g = ctx.geometryFor("STANDARD", ctx.sets.getFirst());
            SplittableRandom r = new SplittableRandom(n);
            for (int size : new int[] {1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 77, 4 * BLOCK}) {
                byte[] data = new byte[size];
                r.nextBytes(data);
                Recording[] want = sinks(n, 0, 0);
                ShardEncoder reference = new ShardEncoder(ctx, g, 1, want, null, g.writeQuorum(), "reference");
                for (int off = 0; off < size; off += BLOCK) {
                    reference.encodeBlock(data, off, Math.min(BLOCK, size - off));
                }
                Recording[] got = sinks(n, 0, 0);
                BlockStreamer s = new BlockStreamer(ctx, new ShardEncoder(ctx, g, 1, got, null, g.writeQuorum(),
                        "streamed"), g);
                for (int off = 0; off < size; ) {
                    int piece = Math.min(size - off, 1 + r.nextInt(2 * BLOCK));
                    s.write(ByteBuffer.wrap(data, off, piece));
                    off += piece;
                }
                s.finish();
                assertThat(s.size()).isEqualTo(size);
                for (int p = 0; p < n; p++) {
                    assertThat(got[p].bytes.toByteArray()).as("size %d, drive %d", size, p)
                            .isEqualTo(want[p].bytes.toByteArray());
                }
            }
        } finally {
            ctx.markClosed();
        }
    }

    @ParameterizedTest(name = "{0} drives")
    @ValueSource(ints = {4, 6})
    void aQuorumLostInTheBackgroundFailsTheWrite(int n) {
        EcContext ctx = context(n);
        try {
            Geometry g = ctx.geometryFor("STANDARD", ctx.sets.getFirst());
            int failing = n - g.writeQuorum() + 1;
            BlockStreamer s = new BlockStreamer(ctx, new ShardEncoder(ctx, g, 0, sinks(n, failing, 2), null,
                    g.writeQuorum(), "doomed"), g);
            byte[] block = new byte[BLOCK];
            assertThatThrownBy(() -> {
                for (int i = 0; i < 6; i++) {
                    s.write(ByteBuffer.wrap(block));
                }
                s.finish();
            }).isInstanceOf(StorageException.class).hasMessageContaining("write quorum lost");
            s.abort(); // waits for nothing more, throws nothing
        } finally {
            ctx.markClosed();
        }
    }
}
