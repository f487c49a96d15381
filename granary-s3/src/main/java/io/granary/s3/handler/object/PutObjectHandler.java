package io.granary.s3.handler.object;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.ChecksumRequest;
import io.granary.s3.handler.support.ETags;
import io.granary.s3.handler.support.PayloadIngest;
import io.granary.s3.handler.support.RequestMetadata;
import io.granary.s3.handler.support.WriteConditions;
import io.granary.s3.http.S3Response;
import io.granary.storage.ChecksumType;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectWriter;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;

/**
 * PutObject: streams the body into a new object version.
 *
 * <p>Before reading the body: metadata headers ({@link RequestMetadata}), checksum headers and Content-MD5
 * ({@link PayloadIngest}), a declared size above 5 TiB (EntityTooLarge), a missing length (MissingContentLength,
 * unless HTTP chunked or aws-chunked), and the write conditions ({@link WriteConditions}: If-None-Match: * and
 * If-Match). The body then goes segment by segment to {@code ObjectStore.newObjectWriter}; the object becomes
 * visible only when the digests verified and the commit-time condition held. On any failure the writer is aborted.
 *
 * <p>Response 200: ETag (quoted hex MD5), and x-amz-checksum-&lt;alg&gt; with x-amz-checksum-type FULL_OBJECT when a
 * checksum was sent or asked for.
 */
public final class PutObjectHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        checkLength(ctx);
        ObjectMetadata requested = RequestMetadata.fromRequest(ctx);
        PayloadIngest.parseContentMd5(ctx.header("content-md5"));
        ChecksumRequest.parse(ctx.headers());
        if (ctx.auth().decodedContentLength() > PayloadIngest.MAX_OBJECT_SIZE) {
            throw new S3Exception(S3Error.ENTITY_TOO_LARGE);
        }
        WriteCondition condition = WriteConditions.forRequest(ctx);

        ObjectWriter writer = ctx.store().newObjectWriter(ctx.bucket(), ctx.key());
        ObjectInfo info;
        PayloadIngest.IngestResult body;
        try {
            body = PayloadIngest.ingest(ctx, writer::write);
            ObjectMetadata metadata = RequestMetadata.withDigests(requested, body.md5Hex(), body.checksumAlgorithm(),
                    body.checksumBase64(), ChecksumType.FULL_OBJECT);
            try {
                info = writer.commit(metadata, condition);
            } catch (StorageException e) {
                throw WriteConditions.onCommitFailure(ctx, e);
            }
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }

        S3Response r = S3Response.ok();
        r.header("ETag", ETags.quote(info.etag()));
        if (body.checksumAlgorithm() != null) {
            r.header(Checksums.headerName(body.checksumAlgorithm()), body.checksumBase64());
            r.header("x-amz-checksum-type", ChecksumType.FULL_OBJECT.name());
        }
        return r;
    }

    /** MissingContentLength when the transport gave no length and the body is neither chunked nor aws-chunked. */
    static void checkLength(RequestContext ctx) {
        if (ctx.request().contentLength() >= 0 || ctx.auth().awsChunked()) return;
        if (ctx.auth().decodedContentLength() >= 0) return;
        String te = ctx.header("transfer-encoding");
        if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) return;
        throw new S3Exception(S3Error.MISSING_CONTENT_LENGTH);
    }
}
