package io.granary.s3.handler.multipart;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.checksum.StreamingChecksum;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.ChecksumRequest;
import io.granary.s3.handler.support.ETags;
import io.granary.s3.handler.support.PayloadIngest;
import io.granary.s3.http.S3Response;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.MultipartUpload;
import io.granary.storage.PartWriter;

import java.util.Locale;

/**
 * UploadPart ({@code PUT /bucket/key?partNumber=n&uploadId=id}): streams the body into the part and answers 200
 * with the part's quoted {@code ETag} (hex MD5).
 *
 * <ul>
 *   <li>partNumber must be 1..10000 (InvalidArgument); the upload must exist for this key (NoSuchUpload).</li>
 *   <li>The body goes through {@link PayloadIngest} (Content-MD5 and x-amz-checksum-* headers or trailers are
 *       verified: BadDigest / InvalidDigest / InvalidRequest), straight into the store's part writer; at most 5 GiB
 *       (EntityTooLarge). Nothing is buffered beyond one 64 KiB segment.</li>
 *   <li>If the upload was created with a checksum algorithm, the part's checksum in that algorithm is stored (the
 *       client's verified value, or one computed here when the client sent none) and returned in
 *       {@code x-amz-checksum-<alg>}; a checksum in another algorithm is InvalidRequest. For an upload without one,
 *       a client checksum is verified and echoed but not stored.</li>
 *   <li>Re-uploading a part number replaces it. Any failure aborts the part writer, leaving the earlier part.</li>
 * </ul>
 */
final class UploadPartHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        int partNumber = Uploads.partNumber(ctx);
        MultipartUpload upload = Uploads.require(ctx);
        ChecksumAlgorithm uploadAlg = upload.metadata().checksumAlgorithm();
        ChecksumRequest requested = ChecksumRequest.parse(ctx.headers());
        if (uploadAlg != null && requested.algorithm() != null && requested.algorithm() != uploadAlg) {
            throw mismatch(uploadAlg, requested.algorithm());
        }
        StreamingChecksum own = uploadAlg != null && requested.algorithm() == null
                ? Checksums.newChecksum(uploadAlg) : null;
        if (ctx.auth().decodedContentLength() > Uploads.MAX_PART_SIZE) throw new S3Exception(S3Error.ENTITY_TOO_LARGE);

        PartWriter writer = ctx.store().newPartWriter(ctx.bucket(), ctx.key(), upload.uploadId(), partNumber);
        PayloadIngest.IngestResult result;
        String stored;
        try {
            result = PayloadIngest.ingest(ctx, segment -> {
                if (own != null) own.update(segment);
                writer.write(segment);
            }, Uploads.MAX_PART_SIZE);
            stored = uploadAlg == null ? null : own != null ? Checksums.base64(own.finish()) : result.checksumBase64();
            writer.commit(result.md5Hex(), stored);
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }

        S3Response r = S3Response.ok().header("ETag", ETags.quote(result.md5Hex()));
        if (stored != null) {
            r.header(Checksums.headerName(uploadAlg), stored);
        } else if (result.checksumAlgorithm() != null) {
            r.header(Checksums.headerName(result.checksumAlgorithm()), result.checksumBase64());
        }
        return r;
    }

    static S3Exception mismatch(ChecksumAlgorithm expected, ChecksumAlgorithm actual) {
        return new S3Exception(S3Error.INVALID_REQUEST, "Checksum Type mismatch occurred, expected checksum Type: "
                + expected.name().toLowerCase(Locale.ROOT) + ", actual checksum Type: "
                + actual.name().toLowerCase(Locale.ROOT));
    }
}
