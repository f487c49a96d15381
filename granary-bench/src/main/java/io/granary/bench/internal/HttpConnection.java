package io.granary.bench.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A minimal blocking HTTP/1.1 keep-alive client connection. One per worker thread; the request head is written
 * together with the (shared, read-only) body buffer in one gathering write, and the response body is drained into a
 * reused direct buffer and handed, one read at a time, to a {@link ResponseParser} (which keeps the body only when
 * asked, e.g. for LIST or error responses). Reconnects lazily after {@code Connection: close} or an I/O error.
 */
public final class HttpConnection implements AutoCloseable {
    private static final int IN_SIZE = 256 * 1024;

    private final InetSocketAddress address;
    private final ByteBuffer in = ByteBuffer.allocateDirect(IN_SIZE);
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private final ResponseParser response = new ResponseParser();
    private volatile SocketChannel channel;
    private long firstByteNanos;

    public HttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    private SocketChannel channel() throws IOException {
        SocketChannel ch = channel;
        if (ch == null || !ch.isOpen()) {
            ch = Sockets.connect(address);
            channel = ch;
        }
        return ch;
    }

    /**
     * Sends {@code head} (and {@code requestBody}, may be null) and reads the whole response.
     *
     * @param headRequest true for HEAD (no response body whatever the headers say)
     * @param wantBody    keep the response body in {@link #body()} (always kept for status >= 300)
     * @return the status code
     */
    public int exchange(ByteBuffer head, ByteBuffer requestBody, boolean headRequest, boolean wantBody)
            throws IOException {
        SocketChannel ch = channel();
        try {
            if (requestBody == null || !requestBody.hasRemaining()) {
                while (head.hasRemaining()) ch.write(head);
            } else {
                gather[0] = head;
                gather[1] = requestBody;
                while (requestBody.hasRemaining()) ch.write(gather, 0, 2);
                gather[1] = null;
            }
            readResponse(ch, headRequest, wantBody);
            return response.status();
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    public int status() {
        return response.status();
    }

    /** Response body bytes received in the last exchange. */
    public long bodyBytes() {
        return response.bodyBytes();
    }

    /** System.nanoTime() when the first byte of the last response arrived. */
    public long firstByteNanos() {
        return firstByteNanos;
    }

    /** The kept body of the last response (when asked for, or when the status was >= 300). */
    public AsciiSink body() {
        return response.body();
    }

    private void readResponse(SocketChannel ch, boolean headRequest, boolean wantBody) throws IOException {
        response.begin(headRequest, wantBody);
        firstByteNanos = 0;
        while (true) {
            in.clear();
            if (ch.read(in) < 0) {
                response.endOfInput();
                break;
            }
            if (firstByteNanos == 0) firstByteNanos = System.nanoTime();
            if (response.feed(in.flip())) break;
        }
        if (response.closesConnection()) closeQuietly();
    }

    private void closeQuietly() {
        SocketChannel ch = channel;
        channel = null;
        Sockets.closeQuietly(ch);
    }

    /** Closes the connection; safe from another thread (unblocks a worker stuck in a read). */
    @Override
    public void close() {
        closeQuietly();
    }
}
