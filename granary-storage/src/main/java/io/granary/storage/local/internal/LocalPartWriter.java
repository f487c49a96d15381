package io.granary.storage.local.internal;

import io.granary.storage.PartInfo;
import io.granary.storage.PartWriter;

import java.nio.ByteBuffer;

/** Streams one part to tmp/ and commits it through {@link MultipartOps#commitPart}. */
final class LocalPartWriter implements PartWriter {
    private final StoreContext ctx;
    private final MultipartOps ops;
    private final BucketState bucket;
    private final UploadState upload;
    private final int partNumber;
    private final TempSink sink;
    private boolean done;

    LocalPartWriter(StoreContext ctx, MultipartOps ops, BucketState bucket, UploadState upload, int partNumber) {
        this.ctx = ctx;
        this.ops = ops;
        this.bucket = bucket;
        this.upload = upload;
        this.partNumber = partNumber;
        this.sink = new TempSink(ctx.layout, ".part", ctx.directWrites);
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
    public PartInfo commit(String etag, String checksumValue) {
        if (done) {
            throw new IllegalStateException("writer is finished");
        }
        done = true;
        try {
            sink.finish(ctx.flusher);
            return ops.commitPart(bucket, upload, partNumber, sink, etag, checksumValue);
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
