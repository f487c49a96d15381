package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.S3PayloadException;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.checksum.StreamingChecksum;
import io.granary.s3.handler.RequestContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Reads a small request body (an XML document) into memory, never buffering more than the limit (a larger body is
 * EntityTooLarge as soon as the limit is passed or when a larger length is declared).
 *
 * <ul>
 *   <li>{@link #read} goes through {@link PayloadIngest}, so Content-MD5 and x-amz-checksum-* headers or trailers
 *       are verified exactly as for uploads (DeleteObjects, CreateBucket).</li>
 *   <li>{@link #readIgnoringChecksumHeaders} verifies Content-MD5 and the declared length only: for
 *       CompleteMultipartUpload, whose x-amz-checksum-* headers describe the assembled object, not the body.</li>
 * </ul>
 */
public final class XmlBodies {
    private XmlBodies() {}

    /** The verified body, at most {@code maxBytes}. */
    public static byte[] read(RequestContext ctx, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
        PayloadIngest.ingest(ctx, (ByteBuffer b) -> {
            ByteBuffer d = b.duplicate();
            byte[] chunk = new byte[d.remaining()];
            d.get(chunk);
            out.write(chunk, 0, chunk.length);
        }, maxBytes);
        return out.toByteArray();
    }

    /** The body, at most {@code maxBytes}, with Content-MD5 (if any) verified; checksum headers are not looked at. */
    public static byte[] readIgnoringChecksumHeaders(RequestContext ctx, int maxBytes) {
        byte[] expectedMd5 = PayloadIngest.parseContentMd5(ctx.header("content-md5"));
        long declared = ctx.auth().decodedContentLength();
        if (declared > maxBytes) throw new S3Exception(S3Error.ENTITY_TOO_LARGE);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
        byte[] buf = new byte[8192];
        try (InputStream in = ctx.auth().payload()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + (long) n > maxBytes) throw new S3Exception(S3Error.ENTITY_TOO_LARGE);
                out.write(buf, 0, n);
            }
        } catch (S3PayloadException e) {
            throw e.s3();
        } catch (IOException e) {
            throw new S3Exception(S3Error.INCOMPLETE_BODY, S3Error.INCOMPLETE_BODY.defaultMessage(), e);
        }
        byte[] body = out.toByteArray();
        if (declared >= 0 && body.length != declared) throw new S3Exception(S3Error.INCOMPLETE_BODY);
        if (expectedMd5 != null) {
            StreamingChecksum md5 = Checksums.md5();
            md5.update(ByteBuffer.wrap(body));
            if (!MessageDigest.isEqual(expectedMd5, md5.finish())) throw new S3Exception(S3Error.BAD_DIGEST);
        }
        return body;
    }
}
