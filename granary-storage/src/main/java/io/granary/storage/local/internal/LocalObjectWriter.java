package io.granary.storage.local.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectWriter;
import io.granary.storage.WriteCondition;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams an object and commits it through {@link ObjectOps}. While the object is at most the store's inline
 * threshold its bytes stay in memory and commit inline ({@link ObjectOps#commitInline}: no data file); the first
 * write that would pass the threshold spills them to a {@link TempSink} in tmp/, which takes the rest and is committed
 * as a data file ({@link ObjectOps#commit}). So memory per writer is bounded by the threshold, and the buffer grows
 * with the object (doubling), so a small object costs only about its own size. With threshold 0 every object,
 * empty ones too, goes to a data file.
 */
public final class LocalObjectWriter implements ObjectWriter {
    private static final byte[] EMPTY = {};

    private final StoreContext ctx;
    private final ObjectOps ops;
    private final BucketState bucket;
    private final String key;
    private final int threshold;
    /** The bytes so far while in memory ({@code sink == null}); null after a spill. */
    private byte[] buffer = EMPTY;
    private int buffered;
    private TempSink sink;
    private boolean done;

    public LocalObjectWriter(StoreContext ctx, ObjectOps ops, BucketState bucket, String key) {
        this.ctx = ctx;
        this.ops = ops;
        this.bucket = bucket;
        this.key = key;
        this.threshold = ctx.inlineThreshold;
        if (threshold == 0) {
            spill();
        }
    }

    @Override
    public void write(ByteBuffer src) {
        if (done) {
            throw new IllegalStateException("writer is finished");
        }
        if (sink == null) {
            int n = src.remaining();
            if (n <= threshold - buffered) {
                if (buffered + n > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(threshold, Math.max(buffered + n, 2 * buffer.length)));
                }
                src.get(buffer, buffered, n);
                buffered += n;
                return;
            }
            spill();
        }
        sink.write(src);
    }

    /** Moves the buffered bytes to a new temp file, which takes every later write. */
    private void spill() {
        sink = new TempSink(ctx.layout, ".data", ctx.directWrites);
        sink.write(ByteBuffer.wrap(buffer, 0, buffered));
        buffer = null;
    }

    @Override
    public long size() {
        return sink == null ? buffered : sink.size();
    }

    @Override
    public ObjectInfo commit(ObjectMetadata metadata, WriteCondition condition) {
        Objects.requireNonNull(metadata, "metadata");
        if (done) {
            throw new IllegalStateException("writer is finished");
        }
        done = true;
        if (sink == null) {
            byte[] data = buffer;
            buffer = null;
            return ops.commitInline(bucket, key, data, buffered, metadata, condition);
        }
        try {
            sink.finish(ctx.flusher);
            long size = sink.size();
            return ops.commit(bucket, key, new long[] {size}, metadata, condition, null, (dir, version) ->
                    Files.move(sink.path(), dir.resolve(Layout.dataFileName(version, 0)),
                            StandardCopyOption.ATOMIC_MOVE));
        } finally {
            sink.discard();
        }
    }

    @Override
    public void abort() {
        done = true;
        buffer = null;
        if (sink != null) {
            sink.discard();
        }
    }
}
