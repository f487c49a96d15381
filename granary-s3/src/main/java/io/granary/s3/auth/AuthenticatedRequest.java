package io.granary.s3.auth;

import io.granary.s3.http.Headers;

import java.io.InputStream;

/**
 * A request whose signature has been verified (or that is anonymous), with its payload as the client meant it.
 *
 * <p>{@link #payload()} removes aws-chunked framing and verifies, while streaming, every chunk signature, the
 * trailer signature and a hex {@code x-amz-content-sha256}; a failure surfaces from {@code read} as an
 * {@link io.granary.s3.S3PayloadException} (SignatureDoesNotMatch, XAmzContentSHA256Mismatch, IncompleteBody ...).
 * The whole body is never buffered.
 */
public interface AuthenticatedRequest {

    /** The access key that signed the request; null for an anonymous request. */
    String accessKey();

    /** The decoded payload stream. Call once. */
    InputStream payload();

    /**
     * Length of the decoded payload if known before reading: x-amz-decoded-content-length for aws-chunked,
     * else Content-Length; -1 when unknown.
     */
    long decodedContentLength();

    /** Trailing headers (e.g. x-amz-checksum-crc32) of an aws-chunked body; empty until the payload was read to EOF. */
    Headers trailers();

    /** True when the body is aws-chunked, so "aws-chunked" must be removed from the stored Content-Encoding. */
    boolean awsChunked();
}
