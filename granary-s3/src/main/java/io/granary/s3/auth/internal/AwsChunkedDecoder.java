package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.S3PayloadException;
import io.granary.s3.http.Headers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * A push parser for the aws-chunked content encoding in all its modes:
 *
 * <pre>
 *   hex-size[;chunk-signature=sig]\r\n data \r\n      (repeated)
 *   0[;chunk-signature=sig]\r\n                      (final chunk)
 *   [name:value\r\n ...] [x-amz-trailer-signature:sig\r\n]   (trailers, in the trailer modes)
 *   \r\n
 * </pre>
 *
 * <p>Feed it the raw body in slices of any size ({@link #feed}); it passes the payload bytes to the {@link Sink} as
 * slices of the input (never copying or buffering a chunk) and verifies each chunk signature incrementally, hashing
 * the data as it streams. Only a chunk-header or trailer line is buffered, up to {@link #MAX_LINE} bytes. The bytes of
 * a chunk that fails verification are delivered up to, but not including, its last slice: a consumer must treat the
 * payload as untrusted until {@link #endOfInput()} returned normally.
 *
 * <p>Errors are {@link S3PayloadException}s: {@code SignatureDoesNotMatch} for a bad chunk or trailer signature,
 * {@code IncompleteBody} for malformed framing, a body that ends early, or a decoded length that differs from
 * x-amz-decoded-content-length. After an error every further call rethrows it. Not thread-safe.
 */
public final class AwsChunkedDecoder {

    /** Receives payload bytes. The buffer is only valid during the call; consume its remaining bytes. */
    @FunctionalInterface
    public interface Sink {
        void write(ByteBuffer data) throws IOException;
    }

    /** Longest chunk-header or trailer line accepted, CRLF included. */
    public static final int MAX_LINE = 4096;
    /** Most trailing headers accepted. */
    public static final int MAX_TRAILERS = 32;
    /** At most 16 hex digits, and the value must fit a signed long. */
    private static final int MAX_SIZE_DIGITS = 16;

    private enum State { CHUNK_HEADER, DATA, DATA_CR, DATA_LF, TRAILER, DONE }

    private final ChunkSigner signer;
    private final boolean trailersAllowed;
    private final long expectedLength;
    private final Sink sink;
    private final MessageDigest chunkDigest;
    private final byte[] line = new byte[MAX_LINE];
    private int lineLen;

    private State state = State.CHUNK_HEADER;
    private long remaining;
    private long decoded;
    private String chunkSignature;
    private final Headers trailers = new Headers();
    private int trailerCount;
    private StringBuilder canonicalTrailers;
    private boolean trailerSignatureSeen;
    private S3Exception failure;

    /**
     * @param signer          verifies chunk and trailer signatures; null for unsigned chunks
     * @param trailersAllowed whether trailing headers may follow the final chunk (the -TRAILER modes); with a signer
     *                        they must end with a valid x-amz-trailer-signature
     * @param expectedLength  x-amz-decoded-content-length, or -1 when unknown
     * @param sink            receives the decoded payload
     */
    public AwsChunkedDecoder(ChunkSigner signer, boolean trailersAllowed, long expectedLength, Sink sink) {
        this.signer = signer;
        this.trailersAllowed = trailersAllowed;
        this.expectedLength = expectedLength;
        this.sink = sink;
        this.chunkDigest = signer == null ? null : SigV4.sha256();
    }

    /** Consumes all remaining bytes of {@code in}. */
    public void feed(ByteBuffer in) throws IOException {
        if (failure != null) throw new S3PayloadException(failure);
        while (in.hasRemaining()) {
            switch (state) {
                case CHUNK_HEADER, TRAILER -> readLine(in);
                case DATA -> readData(in);
                case DATA_CR -> {
                    byte b = in.get();
                    if (b == '\r') state = State.DATA_LF;
                    else if (b == '\n') state = State.CHUNK_HEADER;
                    else throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: chunk data not followed by CRLF");
                }
                case DATA_LF -> {
                    if (in.get() != '\n') throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: chunk data not followed by CRLF");
                    state = State.CHUNK_HEADER;
                }
                case DONE -> throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: unexpected data after the final chunk");
            }
        }
    }

    /** Signals the end of the raw body; fails unless the body was complete. */
    public void endOfInput() throws S3PayloadException {
        if (failure != null) throw new S3PayloadException(failure);
        if (state == State.DONE) return;
        if (state == State.TRAILER && lineLen == 0) {
            // Tolerate a body that ends without the closing empty line.
            if (signer != null && trailersAllowed && !trailerSignatureSeen) {
                throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: the body ended before the trailer signature");
            }
            state = State.DONE;
            return;
        }
        throw fail(S3Error.INCOMPLETE_BODY, "The request body terminated unexpectedly");
    }

    /** Whether the final chunk (and trailers) were read completely. */
    public boolean isDone() {
        return state == State.DONE && failure == null;
    }

    /** Payload bytes emitted so far. */
    public long decodedLength() {
        return decoded;
    }

    /** Trailing headers received so far (names lower-case), without x-amz-trailer-signature. */
    public Headers trailers() {
        return trailers;
    }

    private void readData(ByteBuffer in) throws IOException {
        int n = (int) Math.min(remaining, in.remaining());
        int pos = in.position();
        ByteBuffer slice = in.slice(pos, n);
        in.position(pos + n);
        remaining -= n;
        decoded += n;
        if (chunkDigest != null) {
            chunkDigest.update(slice.duplicate());
            if (remaining == 0) verifyChunk(chunkDigest.digest());
        }
        if (remaining == 0) state = State.DATA_CR;
        sink.write(slice);
    }

    private void readLine(ByteBuffer in) throws IOException {
        int pos = in.position();
        int lim = in.limit();
        int nl = -1;
        for (int i = pos; i < lim; i++) {
            if (in.get(i) == '\n') {
                nl = i;
                break;
            }
        }
        int n = (nl < 0 ? lim : nl) - pos;
        if (lineLen + n >= MAX_LINE) {
            throw fail(S3Error.INCOMPLETE_BODY, state == State.TRAILER
                    ? "aws-chunked: trailer line too long" : "aws-chunked: chunk header too long or malformed");
        }
        in.get(line, lineLen, n);
        lineLen += n;
        if (nl < 0) return;
        in.get(); // '\n'
        int len = lineLen;
        if (len > 0 && line[len - 1] == '\r') len--;
        String text = new String(line, 0, len, StandardCharsets.ISO_8859_1);
        lineLen = 0;
        if (state == State.CHUNK_HEADER) onChunkHeader(text);
        else onTrailerLine(text);
    }

    private void onChunkHeader(String header) throws S3PayloadException {
        int semi = header.indexOf(';');
        String sizeText = (semi < 0 ? header : header.substring(0, semi)).strip();
        long size = parseSize(sizeText);
        chunkSignature = null;
        if (signer != null) {
            String sig = semi < 0 ? null : extension(header.substring(semi + 1), "chunk-signature");
            if (sig == null) throw fail(S3Error.SIGNATURE_DOES_NOT_MATCH, "aws-chunked: chunk signature missing");
            if (!SigV4.isHexSha256(sig)) {
                throw fail(S3Error.SIGNATURE_DOES_NOT_MATCH, "aws-chunked: malformed chunk signature");
            }
            chunkSignature = sig;
        }
        if (expectedLength >= 0 && size > expectedLength - decoded) {
            throw fail(S3Error.INCOMPLETE_BODY,
                    "aws-chunked: chunks exceed x-amz-decoded-content-length " + expectedLength);
        }
        if (size == 0) {
            if (signer != null) verifyChunk(chunkDigest.digest());
            if (expectedLength >= 0 && decoded != expectedLength) {
                throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: decoded " + decoded
                        + " bytes but x-amz-decoded-content-length is " + expectedLength);
            }
            if (trailersAllowed) canonicalTrailers = new StringBuilder();
            state = State.TRAILER;
        } else {
            remaining = size;
            state = State.DATA;
        }
    }

    private long parseSize(String text) throws S3PayloadException {
        if (text.isEmpty() || text.length() > MAX_SIZE_DIGITS) {
            throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: malformed chunk size");
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            int d = Character.digit(text.charAt(i), 16);
            if (d < 0) throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: malformed chunk size");
            if (v > (Long.MAX_VALUE >>> 4)) throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: chunk size too large");
            v = (v << 4) | d;
        }
        return v;
    }

    private static String extension(String extensions, String name) {
        for (String ext : extensions.split(";")) {
            int eq = ext.indexOf('=');
            if (eq > 0 && ext.substring(0, eq).strip().equalsIgnoreCase(name)) return ext.substring(eq + 1).strip();
        }
        return null;
    }

    private void verifyChunk(byte[] dataSha256) throws S3PayloadException {
        String expected = signer.nextChunk(dataSha256);
        if (!SigV4.signaturesEqual(expected, chunkSignature)) {
            throw fail(S3Error.SIGNATURE_DOES_NOT_MATCH,
                    "The chunk signature we calculated does not match the signature you provided");
        }
    }

    private void onTrailerLine(String text) throws S3PayloadException {
        if (text.isEmpty()) {
            if (signer != null && trailersAllowed && !trailerSignatureSeen) {
                throw fail(S3Error.SIGNATURE_DOES_NOT_MATCH, "aws-chunked: trailer signature missing");
            }
            state = State.DONE;
            return;
        }
        if (!trailersAllowed) {
            throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: unexpected data after the final chunk");
        }
        if (trailerSignatureSeen) {
            throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: trailing header after the trailer signature");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: malformed trailing header");
        String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip();
        if (name.isEmpty()) throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: malformed trailing header");
        if (name.equals("x-amz-trailer-signature")) {
            if (signer == null) {
                throw fail(S3Error.INVALID_ARGUMENT, "aws-chunked: trailer signature in an unsigned payload");
            }
            byte[] hash = SigV4.sha256(canonicalTrailers.toString().getBytes(StandardCharsets.ISO_8859_1));
            String expected = signer.trailer(hash);
            if (!SigV4.signaturesEqual(expected, value)) {
                throw fail(S3Error.SIGNATURE_DOES_NOT_MATCH,
                        "The trailer signature we calculated does not match the signature you provided");
            }
            trailerSignatureSeen = true;
            return;
        }
        if (++trailerCount > MAX_TRAILERS) throw fail(S3Error.INCOMPLETE_BODY, "aws-chunked: too many trailing headers");
        trailers.add(name, value);
        canonicalTrailers.append(name).append(':').append(value).append('\n');
    }

    private S3PayloadException fail(S3Error error, String message) {
        failure = new S3Exception(error, message);
        state = State.DONE;
        return new S3PayloadException(failure);
    }
}
