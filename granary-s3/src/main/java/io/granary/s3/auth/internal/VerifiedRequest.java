package io.granary.s3.auth.internal;

import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.auth.PayloadMode;
import io.granary.s3.http.Headers;

import java.io.InputStream;

/**
 * The {@link AuthenticatedRequest} that {@link PayloadStreams} builds: who signed, and how to open the payload
 * ({@link AwsChunkedInputStream} to decode aws-chunked framing, else {@link VerifyingInputStream}). The payload may
 * be opened once. Thread-safe.
 */
public final class VerifiedRequest implements AuthenticatedRequest {
    private final InputStream body;
    private final String accessKey;
    private final PayloadMode mode;
    private final boolean decode;
    private final boolean chunked;
    private final long decodedLength;
    private final long contentLength;
    private final String sha256Hex;
    private final ChunkSigner signer;
    private AwsChunkedInputStream chunkedStream;
    private boolean payloadTaken;

    /**
     * @param decode        whether to decode aws-chunked framing
     * @param chunked       whether the body is aws-chunked (see {@link #awsChunked()})
     * @param decodedLength the decoded length if known, else -1
     * @param sha256Hex     the hex digest to verify a plain body against, or null
     * @param signer        the chunk signature chain of signed chunks, or null
     */
    VerifiedRequest(InputStream body, String accessKey, PayloadMode mode, boolean decode, boolean chunked,
                    long decodedLength, long contentLength, String sha256Hex, ChunkSigner signer) {
        this.body = body == null ? InputStream.nullInputStream() : body;
        this.accessKey = accessKey;
        this.mode = mode;
        this.decode = decode;
        this.chunked = chunked;
        this.decodedLength = decodedLength;
        this.contentLength = contentLength;
        this.sha256Hex = sha256Hex;
        this.signer = signer;
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public synchronized InputStream payload() {
        if (payloadTaken) throw new IllegalStateException("payload() may be called once");
        payloadTaken = true;
        if (decode) {
            chunkedStream = new AwsChunkedInputStream(body, signer, mode.trailer() || !mode.streaming(),
                    decodedLength);
            return chunkedStream;
        }
        return new VerifyingInputStream(body, sha256Hex, contentLength);
    }

    @Override
    public long decodedContentLength() {
        return decodedLength;
    }

    @Override
    public synchronized Headers trailers() {
        return chunkedStream != null && chunkedStream.complete() ? chunkedStream.trailers() : new Headers();
    }

    @Override
    public boolean awsChunked() {
        return chunked;
    }

    @Override
    public String toString() {
        return "AuthenticatedRequest[" + (accessKey == null ? "anonymous" : accessKey) + ", " + mode + "]";
    }
}
