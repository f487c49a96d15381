package io.granary.s3.handler.multipart;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.checksum.StreamingChecksum;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.CopySource;
import io.granary.s3.handler.support.ETags;
import io.granary.s3.handler.support.ListParams;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectReader;
import io.granary.storage.PartInfo;
import io.granary.storage.PartWriter;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * UploadPartCopy ({@code PUT /bucket/key?partNumber=n&uploadId=id} with {@code x-amz-copy-source}): copies all of a
 * source object, or the byte range of {@code x-amz-copy-source-range}, into a part and answers
 * {@code <CopyPartResult><LastModified><ETag>} (plus {@code <ChecksumXXX>} when the upload has a checksum
 * algorithm).
 *
 * <ul>
 *   <li>partNumber 1..10000 (InvalidArgument); the upload must exist for this key (NoSuchUpload).</li>
 *   <li>The source is parsed and opened by {@link CopySource}, which checks the {@code x-amz-copy-source-if-*}
 *       conditions (PreconditionFailed) on the exact version that is then copied.</li>
 *   <li>The range must be {@code bytes=first-last} with {@code first <= last} (else InvalidArgument) and lie inside
 *       the source ({@code last < size}, else InvalidRange 416). The copied length must not exceed 5 GiB
 *       (InvalidRequest, as S3 words it).</li>
 *   <li>Bytes are streamed from the source's file segments through a 64 KiB buffer into the part writer, computing
 *       the MD5 (the part ETag) and the upload's checksum on the way. Any failure aborts the part.</li>
 * </ul>
 */
final class UploadPartCopyHandler implements Handler {
    static final String RANGE_HEADER = "x-amz-copy-source-range";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,19})-(\\d{1,19})");
    private static final int BUFFER = 64 * 1024;

    @Override
    public S3Response handle(RequestContext ctx) throws IOException {
        int partNumber = Uploads.partNumber(ctx);
        MultipartUpload upload = Uploads.require(ctx);
        ChecksumAlgorithm alg = upload.metadata().checksumAlgorithm();
        String rangeHeader = ctx.header(RANGE_HEADER);
        long[] requested = rangeHeader == null ? null : parseRange(rangeHeader);

        CopySource copySource = CopySource.parse(ctx.header(CopySource.HEADER));
        try (ObjectReader source = copySource.open(ctx)) {
            long size = source.info().size();
            long first = 0;
            long length = size;
            if (requested != null) {
                if (requested[1] >= size) {
                    throw new S3Exception(S3Error.INVALID_RANGE).with("RangeRequested", rangeHeader)
                            .with("ActualObjectSize", Long.toString(size));
                }
                first = requested[0];
                length = requested[1] - requested[0] + 1;
            }
            if (length > Uploads.MAX_PART_SIZE) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The specified copy source is larger than the maximum "
                        + "allowable size for a copy source: " + Uploads.MAX_PART_SIZE);
            }
            StreamingChecksum md5 = Checksums.md5();
            StreamingChecksum extra = alg == null ? null : Checksums.newChecksum(alg);
            PartWriter writer = ctx.store().newPartWriter(ctx.bucket(), ctx.key(), upload.uploadId(), partNumber);
            PartInfo part;
            String checksum;
            try {
                copy(source, first, length, md5, extra, writer);
                checksum = extra == null ? null : Checksums.base64(extra.finish());
                part = writer.commit(Checksums.hex(md5.finish()), checksum);
            } catch (IOException | RuntimeException | Error e) {
                writer.abort();
                throw e;
            }
            XmlWriter xml = new XmlWriter().root("CopyPartResult")
                    .element("LastModified", part.lastModified())
                    .element("ETag", ETags.quote(part.etag()));
            if (checksum != null) xml.element("Checksum" + alg.name(), checksum);
            return S3Response.xml(200, xml.toBytes());
        }
    }

    /** Streams {@code [first, first+length)} of the source into the writer, updating both digests. */
    private static void copy(ObjectReader source, long first, long length, StreamingChecksum md5,
                             StreamingChecksum extra, PartWriter writer) throws IOException {
        if (length == 0) return;
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        for (ObjectReader.Segment seg : source.segments(first, length)) {
            long pos = seg.position();
            long remaining = seg.length();
            while (remaining > 0) {
                buf.clear();
                if (remaining < buf.capacity()) buf.limit((int) remaining);
                int n = seg.channel().read(buf, pos);
                if (n < 0) throw new StorageException(StorageError.INTERNAL, "source object shorter than recorded");
                pos += n;
                remaining -= n;
                buf.flip();
                md5.update(buf);
                if (extra != null) extra.update(buf);
                writer.write(buf);
            }
        }
    }

    /** Parses {@code bytes=first-last}: {first, last}; anything else, or first > last, is InvalidArgument. */
    static long[] parseRange(String header) {
        Matcher m = RANGE.matcher(header.trim());
        if (m.matches()) {
            try {
                long a = Long.parseLong(m.group(1));
                long b = Long.parseLong(m.group(2));
                if (a <= b) return new long[] {a, b};
            } catch (NumberFormatException e) {
                // too large: fall through
            }
        }
        throw ListParams.invalid(RANGE_HEADER, header, "The x-amz-copy-source-range value must be of the form "
                + "bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy");
    }
}
