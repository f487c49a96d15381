package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.S3PayloadException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A plain (not aws-chunked) body: checks at EOF that it had the declared length (else IncompleteBody) and, when the
 * client sent a hex x-amz-content-sha256, that its SHA-256 matches (else XAmzContentSHA256Mismatch).
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private final byte[] expectedSha256;
    private final long expectedLength;
    private long count;
    private boolean eof;
    private S3Exception failure;

    /**
     * @param expectedSha256Hex the hex digest to verify, or null
     * @param expectedLength    Content-Length, or -1 when unknown
     */
    public VerifyingInputStream(InputStream raw, String expectedSha256Hex, long expectedLength) {
        super(raw);
        this.expectedSha256 = expectedSha256Hex == null ? null : HexFormat.of().parseHex(expectedSha256Hex);
        this.digest = expectedSha256Hex == null ? null : SigV4.sha256();
        this.expectedLength = expectedLength;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) throw new S3PayloadException(failure);
        if (len == 0) return 0;
        if (eof) return -1;
        int n = in.read(b, off, len);
        if (n < 0) {
            eof = true;
            if (expectedLength >= 0 && count < expectedLength) {
                failure = new S3Exception(S3Error.INCOMPLETE_BODY);
                throw new S3PayloadException(failure);
            }
            if (digest != null && !MessageDigest.isEqual(digest.digest(), expectedSha256)) {
                failure = new S3Exception(S3Error.CONTENT_SHA256_MISMATCH);
                throw new S3PayloadException(failure);
            }
            return -1;
        }
        count += n;
        if (digest != null) digest.update(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping must still hash and count; read through a scratch buffer.
        byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) break;
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void mark(int readlimit) {}

    @Override
    public void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }
}
