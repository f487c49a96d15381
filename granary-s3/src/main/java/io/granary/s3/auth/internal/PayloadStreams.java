package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.auth.PayloadMode;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;

import java.util.Locale;

/**
 * Chooses how the payload of an authenticated request is read, from its {@link PayloadMode} and headers: decoded
 * from aws-chunked framing (streaming modes, and UNSIGNED-PAYLOAD sent with {@code Content-Encoding: aws-chunked}
 * and x-amz-decoded-content-length), with the chunk signature chain of a SigV4 seed signature when the chunks are
 * signed; otherwise as is, checking its length and a hex x-amz-content-sha256 at EOF. Stateless.
 */
public final class PayloadStreams {
    private PayloadStreams() {}

    /**
     * The request signed by {@code seedSignature}, a verified SigV4 signature; signed chunks are verified with the
     * chain it seeds.
     */
    public static AuthenticatedRequest sigV4(S3Request request, CredentialScope scope, PayloadMode mode,
                                             String contentSha256, byte[] signingKey, String amzDate,
                                             String seedSignature) {
        ChunkSigner signer = mode.signedChunks()
                ? new ChunkSigner(signingKey, amzDate, scope.scope(), seedSignature.toLowerCase(Locale.ROOT))
                : null;
        return open(request, scope.accessKey(), mode, contentSha256, signer);
    }

    /**
     * A request without a SigV4 seed signature (anonymous, or SigV2): its payload as is, aws-chunked with unsigned
     * chunks, or verified against a hex x-amz-content-sha256. A signed streaming payload cannot be verified, so it is
     * refused with {@code refusal}: "A signed streaming payload (&lt;mode&gt;) requires {@code requirement}."
     *
     * @param accessKey the access key that signed the request, or null when it is anonymous
     */
    public static AuthenticatedRequest withoutSeedSignature(S3Request request, String accessKey, S3Error refusal,
                                                            String requirement) {
        String contentSha256 = request.headers().get("x-amz-content-sha256");
        if (contentSha256 == null) {
            return open(request, accessKey, PayloadMode.UNSIGNED, SigV4.UNSIGNED_PAYLOAD, null);
        }
        contentSha256 = contentSha256.strip();
        PayloadMode mode = PayloadMode.of(contentSha256);
        if (mode.signedChunks()) {
            throw new S3Exception(refusal, "A signed streaming payload (" + contentSha256 + ") requires "
                    + requirement + ".");
        }
        return open(request, accessKey, mode, contentSha256, null);
    }

    private static AuthenticatedRequest open(S3Request request, String accessKey, PayloadMode mode,
                                             String contentSha256, ChunkSigner signer) {
        Headers headers = request.headers();
        boolean contentEncodingChunked = hasAwsChunkedEncoding(headers);
        String decodedHeader = headers.get("x-amz-decoded-content-length");
        // UNSIGNED-PAYLOAD with an aws-chunked body (no signatures, maybe trailers) is decoded too.
        boolean decode = mode.streaming()
                || (mode == PayloadMode.UNSIGNED && contentEncodingChunked && decodedHeader != null);
        boolean chunked = mode.streaming() || contentEncodingChunked;
        long decodedLength = request.contentLength();
        if (decode) decodedLength = decodedLength(decodedHeader);
        return new VerifiedRequest(request.body(), accessKey, mode, decode, chunked, decodedLength,
                request.contentLength(), mode == PayloadMode.SHA256_DIGEST ? contentSha256 : null,
                mode.signedChunks() ? signer : null);
    }

    /** x-amz-decoded-content-length, or -1 when not sent; InvalidArgument when it is not a length. */
    private static long decodedLength(String header) {
        if (header == null) return -1;
        long length;
        try {
            length = Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            length = -2;
        }
        if (length < 0) {
            throw AuthErrors.invalidArgument("x-amz-decoded-content-length is not valid",
                    "x-amz-decoded-content-length", header);
        }
        return length;
    }

    private static boolean hasAwsChunkedEncoding(Headers headers) {
        for (String v : headers.getAll("content-encoding")) {
            for (String token : v.split(",")) {
                if (token.strip().equalsIgnoreCase("aws-chunked")) return true;
            }
        }
        return false;
    }
}
