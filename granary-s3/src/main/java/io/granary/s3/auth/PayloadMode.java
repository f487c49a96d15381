package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.internal.SigV4;

/** What x-amz-content-sha256 (or X-Amz-Content-Sha256 of a presigned URL) says about the payload. */
public enum PayloadMode {
    /** A hex SHA-256 of the whole body, verified at EOF. */
    SHA256_DIGEST(false, false, false),
    /** UNSIGNED-PAYLOAD. */
    UNSIGNED(false, false, false),
    /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD: aws-chunked, every chunk signed. */
    STREAMING_SIGNED(true, true, false),
    /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: signed chunks then signed trailing headers. */
    STREAMING_SIGNED_TRAILER(true, true, true),
    /** STREAMING-UNSIGNED-PAYLOAD-TRAILER: unsigned chunks then (unsigned) trailing headers. */
    STREAMING_UNSIGNED_TRAILER(true, false, true);

    private final boolean streaming;
    private final boolean signedChunks;
    private final boolean trailer;

    PayloadMode(boolean streaming, boolean signedChunks, boolean trailer) {
        this.streaming = streaming;
        this.signedChunks = signedChunks;
        this.trailer = trailer;
    }

    /** Whether the body is aws-chunked framed. */
    public boolean streaming() {
        return streaming;
    }

    public boolean signedChunks() {
        return signedChunks;
    }

    public boolean trailer() {
        return trailer;
    }

    /**
     * Classifies an x-amz-content-sha256 value. SigV4a streaming modes are NotImplemented; anything else that is
     * neither a known mode nor 64 hex digits is InvalidArgument, as S3 answers.
     */
    public static PayloadMode of(String value) {
        if (value == null) throw new IllegalArgumentException("value");
        return switch (value) {
            case SigV4.UNSIGNED_PAYLOAD -> UNSIGNED;
            case SigV4.STREAMING_SIGNED -> STREAMING_SIGNED;
            case SigV4.STREAMING_SIGNED_TRAILER -> STREAMING_SIGNED_TRAILER;
            case SigV4.STREAMING_UNSIGNED_TRAILER -> STREAMING_UNSIGNED_TRAILER;
            case SigV4.STREAMING_ECDSA, SigV4.STREAMING_ECDSA_TRAILER -> throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                    "SigV4a (AWS4-ECDSA-P256-SHA256) streaming payloads are not supported.");
            default -> {
                if (SigV4.isHexSha256(value)) yield SHA256_DIGEST;
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                        + "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                        + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.")
                        .with("ArgumentName", "x-amz-content-sha256").with("ArgumentValue", value);
            }
        };
    }
}
