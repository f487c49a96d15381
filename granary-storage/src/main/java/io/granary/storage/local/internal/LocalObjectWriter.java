package io.granary.storage.local.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectWriter;
import io.granary.storage.WriteCondition;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/** Streams an object to tmp/ and commits it through {@link ObjectOps#commit}. */
public final class LocalObjectWriter implements ObjectWriter {
    private final StoreContext ctx;
    private final ObjectOps ops;
    private final BucketState bucket;
    private final String key;
    private final TempSink sink;
    private boolean done;

    public LocalObjectWriter(StoreContext ctx, ObjectOps ops, BucketState bucket, String key) {
        this.ctx = ctx;
        this.ops = ops;
        this.bucket = bucket;
        this.key = key;
        this.sink = new TempSink(ctx.layout, ".data");
    }

    @Override
    public void write(ByteBuffer src) {
        if (done) {
            throw new IllegalStateException("writer is finished");
        }
        sink.write(src);
    }

    @Override
    public long size() {
        return sink.size();
    }

    @Override
    public ObjectInfo commit(ObjectMetadata metadata, WriteCondition condition) {
        Objects.requireNonNull(metadata, "metadata");
        if (done) {
            throw new IllegalStateException("writer is finished");
        }
        done = true;
        try {
            sink.finish(ctx.fsync);
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
        sink.discard();
    }
}
