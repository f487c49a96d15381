package io.granary.s3;

import java.io.IOException;

/**
 * An S3 error discovered while a body stream is read (bad chunk signature, digest mismatch, truncated body). It is
 * an {@link IOException} so that it can travel through {@link java.io.InputStream#read}; {@link S3Errors#from}
 * unwraps it.
 */
public final class S3PayloadException extends IOException {
    private final S3Exception s3;

    public S3PayloadException(S3Error error, String message) {
        this(new S3Exception(error, message));
    }

    public S3PayloadException(S3Exception s3) {
        super(s3.getMessage());
        this.s3 = s3;
    }

    public S3Exception s3() {
        return s3;
    }
}
