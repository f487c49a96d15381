package io.granary.s3.auth.internal;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;

/**
 * The signature chain of an aws-chunked body: every chunk is signed over the previous signature (the request's
 * signature seeds the chain), and the trailer over the last chunk's. Used to verify; stateful, not thread-safe.
 */
public final class ChunkSigner {
    private final Mac mac;
    private final String payloadPrefix;
    private final String trailerPrefix;
    private String previous;

    /**
     * @param signingKey    the request's derived signing key
     * @param amzDate       the request time as yyyyMMdd'T'HHmmss'Z'
     * @param scope         the credential scope date/region/service/aws4_request
     * @param seedSignature the request's (verified) signature
     */
    public ChunkSigner(byte[] signingKey, String amzDate, String scope, String seedSignature) {
        this.mac = SigV4.hmac(signingKey);
        String tail = amzDate + "\n" + scope + "\n";
        this.payloadPrefix = "AWS4-HMAC-SHA256-PAYLOAD\n" + tail;
        this.trailerPrefix = "AWS4-HMAC-SHA256-TRAILER\n" + tail;
        this.previous = seedSignature;
    }

    /** The signature of the next chunk, whose data hashes to {@code chunkSha256}; it becomes the previous one. */
    public String nextChunk(byte[] chunkSha256) {
        String sts = payloadPrefix + previous + "\n" + SigV4.EMPTY_SHA256 + "\n" + SigV4.hex(chunkSha256);
        previous = sign(sts);
        return previous;
    }

    /** The trailer signature over the canonical trailer lines hashing to {@code trailerSha256}. */
    public String trailer(byte[] trailerSha256) {
        String sts = trailerPrefix + previous + "\n" + SigV4.hex(trailerSha256);
        previous = sign(sts);
        return previous;
    }

    public String previous() {
        return previous;
    }

    private String sign(String stringToSign) {
        return SigV4.hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }
}
