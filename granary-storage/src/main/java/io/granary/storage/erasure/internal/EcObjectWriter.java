package io.granary.storage.erasure.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectWriter;
import io.granary.storage.WriteCondition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Streams an object into shard temp files on every drive of its set, block by block through a {@link BlockStreamer}
 * (coding and the drive writes run off the caller's thread, one block in flight). The first bytes, up to the inline
 * threshold, are buffered: an object that ends up no larger than that is never written to files, it is coded at
 * commit into each drive's record.
 */
public final class EcObjectWriter implements ObjectWriter {
    private final EcContext ctx;
    private final EcOps ops;
    private final EcBucket bucket;
    private final String key;
    private final EcSet set;
    private final int rotation;
    private byte[] buf = new byte[0];
    private int buffered;
    private long size;
    private ShardEncoder encoder;
    private BlockStreamer streamer;
    private Geometry geometry;
    private boolean done;

    public EcObjectWriter(EcContext ctx, EcOps ops, EcBucket bucket, String key) {
        this.ctx = ctx;
        this.ops = ops;
        this.bucket = bucket;
        this.key = key;
        this.set = ctx.setFor(bucket.name(), key);
        this.rotation = EcContext.rotation(key, set.n());
    }

    @Override
    public void write(ByteBuffer src) {
        if (done) {
            throw new IllegalStateException("writer is finished");
        }
        try {
            if (streamer == null) {
                int threshold = ctx.config.inlineThreshold();
                while (src.hasRemaining() && buffered <= threshold) {
                    if (buffered == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, Math.min(threshold + 1,
                                Math.max(16 * 1024, buf.length * 2)));
                    }
                    int n = Math.min(src.remaining(), buf.length - buffered);
                    src.get(buf, buffered, n);
                    buffered += n;
                    size += n;
                }
                if (buffered <= threshold) {
                    return;
                }
                startFiles(ctx.geometryFor("STANDARD", set));
                streamer.write(ByteBuffer.wrap(buf, 0, buffered));
                buf = null;
                buffered = 0;
            }
            size += src.remaining();
            streamer.write(src);
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    private void startFiles(Geometry g) {
        geometry = g;
        Exception[] failures = new Exception[set.n()];
        ShardEncoder.Sink[] sinks = ShardEncoder.fileSinks(set, ".shard", failures);
        encoder = new ShardEncoder(ctx, g, rotation, sinks, failures, g.writeQuorum(),
                bucket.name() + "/" + key);
        streamer = new BlockStreamer(ctx, encoder, g);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ObjectInfo commit(ObjectMetadata metadata, WriteCondition condition) {
        Objects.requireNonNull(metadata, "metadata");
        if (done) {
            throw new IllegalStateException("writer is finished");
        }
        done = true;
        try {
            if (streamer == null) {
                Geometry g = ctx.geometryFor(metadata.storageClass(), set);
                ShardEncoder.MemorySink[] mem = new ShardEncoder.MemorySink[set.n()];
                for (int p = 0; p < mem.length; p++) {
                    mem[p] = new ShardEncoder.MemorySink();
                }
                new ShardEncoder(ctx, g, rotation, mem, null, g.writeQuorum(), key).encodeBlock(buf, 0, buffered);
                buf = null;
                return ops.commit(bucket, key, set, g, rotation, true, new long[] {size}, metadata, condition, null,
                        new EcOps.Placement() {
                            @Override
                            public Exception unusable(int pos) {
                                return null;
                            }

                            @Override
                            public byte[] inlineShard(int pos) {
                                return mem[pos].bytes.toByteArray();
                            }

                            @Override
                            public void place(Drive d, int pos, Path dataDir) {
                            }
                        });
            }
            streamer.finish();
            // flush every drive's shard file in parallel before taking the key lock
            Exception[] flushFail = new Exception[set.n()];
            var outs = ctx.onDrives(set.drives(), d -> {
                if (encoder.sink(d.pos) instanceof ShardEncoder.FileSink fs) {
                    fs.finish(ctx.fsync);
                    return true;
                }
                throw new IOException("shard write failed", encoder.failure(d.pos));
            });
            for (var o : outs) {
                flushFail[o.drive().pos] = o.error();
            }
            return ops.commit(bucket, key, set, geometry, rotation, false, new long[] {size}, metadata, condition,
                    null, new EcOps.Placement() {
                        @Override
                        public Exception unusable(int pos) {
                            return flushFail[pos];
                        }

                        @Override
                        public byte[] inlineShard(int pos) {
                            return null;
                        }

                        @Override
                        public void place(Drive d, int pos, Path dataDir) throws IOException {
                            ShardEncoder.FileSink fs = (ShardEncoder.FileSink) encoder.sink(pos);
                            Files.move(fs.path, dataDir.resolve(EcOps.partFile(0)), StandardCopyOption.ATOMIC_MOVE);
                        }
                    });
        } finally {
            if (streamer != null) {
                streamer.abort();
            }
        }
    }

    @Override
    public void abort() {
        done = true;
        buf = null;
        if (streamer != null) {
            streamer.abort();
        }
    }
}
