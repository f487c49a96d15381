package io.granary.s3.auth.internal;

import io.granary.s3.http.Headers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Pulls the raw aws-chunked body from an {@link InputStream} and returns the decoded payload, verifying as it goes
 * (see {@link AwsChunkedDecoder}). Decoded bytes are copied straight from the raw read buffer into the caller's
 * array. Errors surface from {@code read} as {@link io.granary.s3.S3PayloadException}. Read to EOF (-1) before
 * trusting the data or looking at {@link #trailers()}.
 */
public final class AwsChunkedInputStream extends InputStream {
    private static final int BUFFER = 64 * 1024;

    private final InputStream raw;
    private final AwsChunkedDecoder decoder;
    private final byte[] inBuf;
    private final ByteBuffer in;
    private byte[] target;
    private int targetOff;
    private int produced;
    private boolean eof;

    public AwsChunkedInputStream(InputStream raw, ChunkSigner signer, boolean trailersAllowed, long expectedLength) {
        this(raw, signer, trailersAllowed, expectedLength, BUFFER);
    }

    public AwsChunkedInputStream(InputStream raw, ChunkSigner signer, boolean trailersAllowed, long expectedLength,
                                 int bufferSize) {
        this.raw = raw;
        this.decoder = new AwsChunkedDecoder(signer, trailersAllowed, expectedLength, this::accept);
        this.inBuf = new byte[bufferSize];
        this.in = ByteBuffer.wrap(inBuf).limit(0);
    }

    private void accept(ByteBuffer data) {
        int n = data.remaining();
        data.get(target, targetOff + produced, n);
        produced += n;
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
        if (len == 0) return 0;
        if (eof) return -1;
        target = b;
        targetOff = off;
        produced = 0;
        try {
            while (produced == 0) {
                if (!in.hasRemaining()) {
                    int n = raw.read(inBuf, 0, inBuf.length);
                    if (n < 0) {
                        decoder.endOfInput();
                        eof = true;
                        return -1;
                    }
                    in.position(0).limit(n);
                }
                // The decoder emits at most as many bytes as it is fed, so they always fit the caller's array.
                int take = Math.min(in.remaining(), len - produced);
                int pos = in.position();
                decoder.feed(in.slice(pos, take));
                in.position(pos + take);
            }
            return produced;
        } finally {
            target = null;
        }
    }

    /** Trailing headers; complete only once {@code read} returned -1. */
    public Headers trailers() {
        return decoder.trailers();
    }

    /** Whether the body was read to its end and verified. */
    public boolean complete() {
        return eof && decoder.isDone();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
