package io.granary.s3.handler.multipart;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.ETags;
import io.granary.s3.handler.support.KeyEncoding;
import io.granary.s3.handler.support.WriteConditions;
import io.granary.s3.handler.support.XmlBodies;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.CompleteMultipartRequest;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;

import java.util.List;

/**
 * CompleteMultipartUpload ({@code POST /bucket/key?uploadId=id}): assembles the listed parts into the object and
 * answers {@code <CompleteMultipartUploadResult><Location><Bucket><Key><ETag>} plus {@code <ChecksumXXX>} and
 * {@code <ChecksumType>} when the upload has a checksum.
 *
 * <ol>
 *   <li>The upload must exist for this key (NoSuchUpload). {@code If-None-Match: *} / {@code If-Match} are checked
 *       up front and again atomically at commit ({@link WriteConditions}; PreconditionFailed).</li>
 *   <li>The body (at most 8 MiB; Content-MD5 verified if sent; the x-amz-checksum-* headers describe the object,
 *       not the body) is parsed by {@link CompleteMultipartRequest}:
 *       MalformedXML when empty or malformed.</li>
 *   <li>{@link PartValidator} checks the list against the stored parts page by page: part numbers 1..10000 and
 *       strictly ascending (InvalidPartOrder), each part present with a matching ETag (InvalidPart), all but the last
 *       at least 5 MiB (EntityTooSmall), per-part checksums equal to the stored ones (InvalidPart). The ETag
 *       {@code hex(MD5(concat of part MD5s))-N} and the checksum are computed by {@link MultipartDigest}.</li>
 *   <li>A whole-object {@code x-amz-checksum-<alg>} header on an upload with a checksum algorithm must name that
 *       algorithm (InvalidRequest) and, when the value is known, match it (BadDigest); on an upload without one it
 *       is ignored. {@code x-amz-mp-object-size}, when given, must equal the total size (InvalidRequest).</li>
 *   <li>The object is committed with the creation metadata plus ETag, checksum, part sizes and part checksums.</li>
 * </ol>
 */
final class CompleteMultipartUploadHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        MultipartUpload upload = Uploads.require(ctx);
        WriteCondition condition = WriteConditions.forRequest(ctx);
        CompleteMultipartRequest req =
                CompleteMultipartRequest.parse(XmlBodies.readIgnoringChecksumHeaders(ctx, CompleteMultipartRequest.MAX_BODY_BYTES));

        ObjectMetadata created = upload.metadata();
        PartValidator.Result parts = PartValidator.validate(ctx.store(), upload, req.parts());
        MultipartDigest digest = parts.digest();
        String etag = digest.etag();
        String checksum = digest.checksum();
        ChecksumAlgorithm alg = checksum == null ? null : created.checksumAlgorithm();
        checkWholeObjectHeaders(ctx, created.checksumAlgorithm(), checksum, parts.totalSize());

        ObjectMetadata fin = new ObjectMetadata(etag, created.contentType(), created.contentEncoding(),
                created.contentDisposition(), created.contentLanguage(), created.cacheControl(), created.expires(),
                created.userMetadata(), alg, checksum, alg == null ? null : created.checksumType(),
                parts.sizes(), alg == null ? List.of() : parts.checksums(), created.storageClass(), created.tags());
        try {
            ctx.store().completeMultipartUpload(ctx.bucket(), ctx.key(), upload.uploadId(), parts.numbers(), fin,
                    condition);
        } catch (StorageException e) {
            throw WriteConditions.onCommitFailure(ctx, e);
        }

        XmlWriter xml = new XmlWriter().root("CompleteMultipartUploadResult")
                .element("Location", location(ctx))
                .element("Bucket", ctx.bucket())
                .element("Key", ctx.key())
                .element("ETag", ETags.quote(etag));
        if (alg != null) {
            xml.element("Checksum" + alg.name(), checksum).element("ChecksumType", created.checksumType().name());
        }
        return S3Response.xml(200, xml.toBytes());
    }

    private static void checkWholeObjectHeaders(RequestContext ctx, ChecksumAlgorithm alg, String checksum,
                                                long totalSize) {
        String sizeHeader = ctx.header("x-amz-mp-object-size");
        if (sizeHeader != null) {
            long declared;
            try {
                declared = Long.parseLong(sizeHeader.trim());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared != totalSize) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The provided 'x-amz-mp-object-size' header value "
                        + sizeHeader + " does not match what was computed: " + totalSize);
            }
        }
        if (alg == null) return; // nothing to compare a whole-object checksum with
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String given = ctx.header(Checksums.headerName(a));
            if (given == null) continue;
            if (a != alg) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The upload was created using the "
                        + alg.name().toLowerCase(java.util.Locale.ROOT)
                        + " checksum mode. The complete request must use the same checksum mode.");
            }
            if (checksum != null && !stripCount(given.trim()).equals(stripCount(checksum))) {
                throw new S3Exception(S3Error.BAD_DIGEST, "The " + a.name()
                        + " you specified did not match the calculated checksum.");
            }
        }
    }

    private static String stripCount(String v) {
        int dash = v.lastIndexOf('-');
        return dash > 0 ? v.substring(0, dash) : v;
    }

    /** Path-style URL of the object, as S3 returns it (scheme from X-Forwarded-Proto, else http). */
    static String location(RequestContext ctx) {
        String host = ctx.request().host();
        String path = "/" + ctx.bucket() + "/" + KeyEncoding.urlEncode(ctx.key());
        if (host == null || host.isBlank()) return path;
        String proto = ctx.header("x-forwarded-proto");
        String scheme = "https".equalsIgnoreCase(proto == null ? null : proto.trim()) ? "https" : "http";
        return scheme + "://" + host + path;
    }
}
