package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.ChecksumRequest;
import io.granary.s3.handler.support.XmlBodies;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.DeleteObjectsRequest;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.StorageException;

import java.nio.charset.StandardCharsets;

/**
 * DeleteObjects ({@code POST /bucket?delete}): deletes up to 1000 keys named in a {@code <Delete>} document and
 * answers 200 with {@code <DeleteResult>}.
 *
 * <ul>
 *   <li>S3 requires an integrity check of the body: {@code Content-MD5}, or an {@code x-amz-checksum-*} header, or
 *       one announced in {@code x-amz-trailer} (what newer SDKs send). Neither → InvalidRequest "Missing required
 *       header for this request: Content-MD5". The body (at most 2 MiB) is read through PayloadIngest, so a
 *       mismatch is BadDigest.</li>
 *   <li>The document is parsed by {@link DeleteObjectsRequest} (MalformedXML when empty, malformed, or holding
 *       more than 1000 objects). A missing bucket is NoSuchBucket for the whole request.</li>
 *   <li>Each key gets {@code <Deleted><Key>} (plus {@code <VersionId>} echoed when the client sent one), unless
 *       {@code Quiet} is true; deleting a missing key is a success. Per-key failures are
 *       {@code <Error><Key><Code><Message>}: an empty key (InvalidArgument), a key over 1024 UTF-8 bytes
 *       (KeyTooLongError), a version id other than "null" (InvalidArgument "Invalid version id specified", as
 *       buckets are unversioned), or a storage failure (InternalError). Errors are reported in quiet mode too.</li>
 * </ul>
 */
final class DeleteObjectsHandler implements Handler {
    static final int MAX_KEY_BYTES = 1024;

    @Override
    public S3Response handle(RequestContext ctx) {
        requireIntegrityHeader(ctx);
        Buckets.require(ctx);
        DeleteObjectsRequest req = DeleteObjectsRequest.parse(XmlBodies.read(ctx, DeleteObjectsRequest.MAX_BODY_BYTES));

        XmlWriter xml = new XmlWriter().root("DeleteResult");
        for (DeleteObjectsRequest.ObjectId o : req.objects()) {
            S3Error error = deleteOne(ctx, o);
            if (error == null) {
                if (!req.quiet()) {
                    xml.start("Deleted").element("Key", o.key()).element("VersionId", o.versionId()).end();
                }
            } else {
                String message = error == S3Error.INVALID_ARGUMENT && o.versionId() != null && !o.key().isEmpty()
                        ? "Invalid version id specified" : error.defaultMessage();
                xml.start("Error")
                        .element("Key", o.key())
                        .element("VersionId", o.versionId())
                        .element("Code", error.code())
                        .element("Message", message)
                        .end();
            }
        }
        return S3Response.xml(200, xml.toBytes());
    }

    /** Deletes one key; null on success, else the per-key error. NoSuchBucket ends the whole request. */
    private static S3Error deleteOne(RequestContext ctx, DeleteObjectsRequest.ObjectId o) {
        if (o.key().isEmpty()) return S3Error.INVALID_ARGUMENT;
        if (o.key().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) return S3Error.KEY_TOO_LONG;
        if (o.versionId() != null && !o.versionId().equals("null")) return S3Error.INVALID_ARGUMENT;
        try {
            ctx.store().deleteObject(ctx.bucket(), o.key());
            return null;
        } catch (StorageException e) {
            return switch (e.error()) {
                case NO_SUCH_KEY -> null;
                case INVALID_KEY -> S3Error.KEY_TOO_LONG;
                case NO_SUCH_BUCKET -> throw e;
                default -> S3Error.INTERNAL_ERROR;
            };
        }
    }

    static void requireIntegrityHeader(RequestContext ctx) {
        if (ctx.header("content-md5") != null) return;
        ChecksumRequest checksum = ChecksumRequest.parse(ctx.headers());
        if (checksum.headerValue() != null || checksum.trailerName() != null) return;
        throw new S3Exception(S3Error.INVALID_REQUEST, "Missing required header for this request: Content-MD5");
    }
}
