package io.granary.s3.handler.object;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.ByteRange;
import io.granary.s3.handler.support.Conditionals;
import io.granary.s3.handler.support.ETags;
import io.granary.s3.handler.support.HttpDates;
import io.granary.s3.handler.support.ObjectResponseHeaders;
import io.granary.s3.http.ResponseBody;
import io.granary.s3.http.S3Response;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;

/**
 * GetObject and HeadObject (one class, {@code head} selects): open the current version, evaluate the conditional
 * headers ({@link Conditionals}: 412 PreconditionFailed or 304 Not Modified with ETag and Last-Modified), select the
 * bytes and answer with the object headers ({@link ObjectResponseHeaders}).
 *
 * <p>Byte selection: {@code ?partNumber=N} (1..10000, else InvalidArgument; not combinable with Range) selects a
 * part of a multipart object (206, Content-Range, x-amz-mp-parts-count) or, for a single-part object, part 1 = the
 * whole object (206 with Content-Range); a part past the last is 416 InvalidPartNumber. Otherwise a single
 * {@code Range} ({@link ByteRange}) gives 206 with {@code Content-Range: bytes a-b/N}, or 416 InvalidRange with
 * {@code Content-Range: bytes *}{@code /N}; ignored ranges give 200 with the whole object.
 *
 * <p>Checksums are sent only with {@code x-amz-checksum-mode: ENABLED} and not for Range requests. versionId "null"
 * is the current object; any other is NoSuchVersion. GET sends the bytes as {@link ResponseBody.FileSegments} owned
 * by the reader (the server closes it after sending); HEAD sets Content-Length and sends no body.
 */
public final class GetObjectHandler implements Handler {
    private static final int MAX_PART_NUMBER = 10_000;
    private final boolean head;

    public GetObjectHandler(boolean head) {
        this.head = head;
    }

    @Override
    public S3Response handle(RequestContext ctx) throws Exception {
        String versionId = ctx.param("versionId");
        if (versionId != null && !versionId.equals("null")) {
            throw new S3Exception(S3Error.NO_SUCH_VERSION).with("Key", ctx.key()).with("VersionId", versionId);
        }
        Integer partNumber = partNumber(ctx.param("partNumber"));
        ByteRange.Spec range = ByteRange.parse(ctx.header("range"));
        if (partNumber != null && ctx.header("range") != null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Cannot specify both Range header and partNumber query parameter");
        }

        ObjectReader reader = ctx.store().openObject(ctx.bucket(), ctx.key());
        boolean handedOver = false;
        try {
            ObjectInfo info = reader.info();
            if (Conditionals.checkRead(ctx.headers(), info)) return notModified(info);

            long size = info.size();
            long offset = 0;
            long length = size;
            boolean partial = false;
            ObjectMetadata m = info.metadata();
            if (partNumber != null) {
                long[] part = partRange(m, size, partNumber);
                offset = part[0];
                length = part[1];
                partial = size > 0;
            } else if (range != null) {
                long[] r = range.resolve(size);
                if (r != null) {
                    offset = r[0];
                    length = r[1] - r[0] + 1;
                    partial = true;
                }
            }

            S3Response resp = new S3Response(partial ? 206 : 200);
            ObjectResponseHeaders.apply(resp, info);
            if (partNumber != null) ObjectResponseHeaders.applyPartsCount(resp, m);
            if (partial) resp.header("Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
            if (ObjectResponseHeaders.checksumModeEnabled(ctx.headers()) && (range == null || partNumber != null)) {
                ObjectResponseHeaders.applyChecksum(resp, m, partNumber);
            }
            ObjectResponseHeaders.applyResponseOverrides(resp, ctx.query());
            resp.header("Content-Length", Long.toString(length));
            if (!head && length > 0) {
                resp.body(reader.zeroCopy()
                        ? new ResponseBody.FileSegments(reader.segments(offset, length), length, reader)
                        : new ResponseBody.Stream(reader.stream(offset, length), length, reader));
                handedOver = true;
            }
            return resp;
        } finally {
            if (!handedOver) reader.close();
        }
    }

    /** {offset, length} of part {@code n}; 416 InvalidPartNumber past the last part. */
    static long[] partRange(ObjectMetadata m, long size, int n) {
        if (m.partCount() == 0) {
            if (n != 1) throw new S3Exception(S3Error.INVALID_PART_NUMBER);
            return new long[] {0, size};
        }
        if (n > m.partCount()) throw new S3Exception(S3Error.INVALID_PART_NUMBER);
        long offset = 0;
        for (int i = 0; i < n - 1; i++) offset += m.partSizes().get(i);
        return new long[] {offset, m.partSizes().get(n - 1)};
    }

    /** The partNumber parameter, null when absent; InvalidArgument unless an integer in 1..10000. */
    static Integer partNumber(String value) {
        if (value == null) return null;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_PART_NUMBER) return n;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000, inclusive")
                .with("ArgumentName", "partNumber").with("ArgumentValue", value);
    }

    private static S3Response notModified(ObjectInfo info) {
        S3Response r = new S3Response(304);
        r.header("ETag", ETags.quote(info.etag()));
        r.header("Last-Modified", HttpDates.format(info.lastModified()));
        return r;
    }
}
