package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.S3PayloadException;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.checksum.StreamingChecksum;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.Headers;
import io.granary.storage.ChecksumAlgorithm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * Reads a request body (PutObject, UploadPart) exactly once, in 64 KiB segments through one reused buffer, feeding
 * each segment to a sink (usually a storage writer), to MD5 (the ETag) and to the additional checksum the client
 * asked for. Memory use does not depend on the body size.
 *
 * <p>Validation, as S3 does it:
 * <ul>
 *   <li>Before reading: a malformed {@code Content-MD5} → InvalidDigest; the checksum headers are checked by
 *       {@link ChecksumRequest#parse} (unknown algorithm, several checksums, malformed value → InvalidRequest);
 *       a declared length above {@code maxSize} → EntityTooLarge.</li>
 *   <li>At EOF: a decoded length different from {@code ctx.auth().decodedContentLength()} (when known) →
 *       IncompleteBody; a {@code Content-MD5} mismatch → BadDigest; a checksum (header or trailer) mismatch →
 *       BadDigest "The CRC32 you specified did not match the calculated checksum.".</li>
 * </ul>
 * Errors raised by the payload stream itself ({@link S3PayloadException}, e.g. a bad chunk signature) are rethrown
 * as their {@link S3Exception}. Exceptions thrown by the sink propagate unchanged; the caller aborts its writer on
 * any exception.
 */
public final class PayloadIngest {
    /** Size of the reused read buffer. */
    public static final int BUFFER_SIZE = 64 * 1024;
    /** S3's maximum object size, 5 TiB. */
    public static final long MAX_OBJECT_SIZE = 5L << 40;

    private PayloadIngest() {}

    /**
     * What was ingested.
     *
     * @param size              decoded bytes read
     * @param md5Hex            lower-case hex MD5 of the bytes (the ETag of a single-part object or of a part)
     * @param checksumAlgorithm the additional checksum's algorithm, or null if the client asked for none
     * @param checksumBase64    its base64 value (verified against the client's value, if one was given), or null
     */
    public record IngestResult(long size, String md5Hex, ChecksumAlgorithm checksumAlgorithm, String checksumBase64) {}

    /** {@link #ingest(RequestContext, Consumer, long)} with the 5 TiB object limit. */
    public static IngestResult ingest(RequestContext ctx, Consumer<ByteBuffer> sink) {
        return ingest(ctx, sink, MAX_OBJECT_SIZE);
    }

    /**
     * Streams the verified payload into {@code sink} and validates digests at EOF.
     *
     * @param sink    receives each segment; the buffer is reused after the call returns, so the sink must consume
     *                (or copy) its bytes before returning
     * @param maxSize largest acceptable body (EntityTooLarge beyond it)
     */
    public static IngestResult ingest(RequestContext ctx, Consumer<ByteBuffer> sink, long maxSize) {
        Headers headers = ctx.headers();
        byte[] expectedMd5 = parseContentMd5(headers.get("content-md5"));
        ChecksumRequest checksum = ChecksumRequest.parse(headers);
        long declared = ctx.auth().decodedContentLength();
        if (declared > maxSize) throw new S3Exception(S3Error.ENTITY_TOO_LARGE);

        StreamingChecksum md5 = Checksums.md5();
        StreamingChecksum extra = checksum.algorithm() == null ? null : Checksums.newChecksum(checksum.algorithm());
        byte[] buf = new byte[BUFFER_SIZE];
        long size = 0;
        try (InputStream in = ctx.auth().payload()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n == 0) continue;
                size += n;
                if (size > maxSize) throw new S3Exception(S3Error.ENTITY_TOO_LARGE);
                ByteBuffer segment = ByteBuffer.wrap(buf, 0, n);
                md5.update(segment);
                if (extra != null) extra.update(segment);
                sink.accept(segment);
            }
        } catch (S3PayloadException e) {
            throw e.s3();
        } catch (IOException e) {
            // BodyTruncatedException becomes IncompleteBody in S3Errors; other I/O failures are InternalError.
            throw new UncheckedIOException(e);
        }

        if (declared >= 0 && size != declared) throw new S3Exception(S3Error.INCOMPLETE_BODY);
        byte[] actualMd5 = md5.finish();
        if (expectedMd5 != null && !java.security.MessageDigest.isEqual(expectedMd5, actualMd5)) {
            throw new S3Exception(S3Error.BAD_DIGEST, "The Content-MD5 you specified did not match what we received.")
                    .with("ExpectedDigest", Base64.getEncoder().encodeToString(expectedMd5))
                    .with("CalculatedDigest", Base64.getEncoder().encodeToString(actualMd5));
        }
        String checksumValue = null;
        if (extra != null) {
            checksumValue = Checksums.base64(extra.finish());
            String given = checksum.expectedValue(ctx.auth().trailers());
            if (given != null && !given.equals(checksumValue)) {
                throw new S3Exception(S3Error.BAD_DIGEST, "The " + checksum.algorithm().name()
                        + " you specified did not match the calculated checksum.");
            }
        }
        return new IngestResult(size, Checksums.hex(actualMd5), checksum.algorithm(), checksumValue);
    }

    /** Decodes a Content-MD5 header: null if absent, InvalidDigest unless it is base64 of 16 bytes. */
    public static byte[] parseContentMd5(String header) {
        if (header == null) return null;
        try {
            byte[] md5 = Base64.getDecoder().decode(header.trim());
            if (md5.length == 16) return md5;
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new S3Exception(S3Error.INVALID_DIGEST, "The Content-MD5 you specified was invalid.")
                .with("Content-MD5", header);
    }
}
