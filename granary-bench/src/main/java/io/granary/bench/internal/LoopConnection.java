package io.granary.bench.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking HTTP/1.1 keep-alive connection driven by an event loop (one {@link Selector} per loop thread, like
 * wrk): the request is written when possible, and the bytes each read event brings are fed to a {@link ResponseParser}.
 * Read interest stays registered so a request/response cycle costs one write and one or two reads, no epoll_ctl.
 */
final class LoopConnection {
    private static final int IN_SIZE = 256 * 1024;

    private final InetSocketAddress address;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocateDirect(IN_SIZE);
    private final ByteBuffer[] out = new ByteBuffer[2];
    private final ResponseParser response = new ResponseParser();
    Object attachment;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean writing;
    /** A request was started and its response is not complete yet. */
    private boolean awaiting;
    private long firstByteNanos;

    LoopConnection(InetSocketAddress address, Selector selector) {
        this.address = address;
        this.selector = selector;
    }

    private void ensureOpen() throws IOException {
        if (channel != null && channel.isOpen()) return;
        SocketChannel ch = Sockets.connect(address); // blocking connect, then non-blocking I/O
        try {
            ch.configureBlocking(false);
            key = ch.register(selector, SelectionKey.OP_READ, this);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        channel = ch;
        writing = false;
    }

    /** Starts a request; the response completes in {@link #onReady}. */
    void start(ByteBuffer head, ByteBuffer requestBody, boolean headRequest, boolean wantBody) throws IOException {
        ensureOpen();
        response.begin(headRequest, wantBody);
        firstByteNanos = 0;
        awaiting = true;
        out[0] = head;
        out[1] = requestBody != null && requestBody.hasRemaining() ? requestBody : null;
        write();
    }

    private void write() throws IOException {
        if (out[1] == null) {
            channel.write(out[0]);
        } else {
            channel.write(out, 0, 2);
        }
        boolean done = !out[0].hasRemaining() && (out[1] == null || !out[1].hasRemaining());
        if (done) {
            out[0] = null;
            out[1] = null;
            if (writing) {
                writing = false;
                key.interestOps(SelectionKey.OP_READ);
            }
        } else if (!writing) {
            writing = true;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    /** Handles readiness; true when the response is complete. */
    boolean onReady(SelectionKey k) throws IOException {
        if (k.isValid() && k.isWritable() && writing) write();
        if (!k.isValid() || !k.isReadable()) return false;
        return read();
    }

    private boolean read() throws IOException {
        while (true) {
            in.clear();
            int n = channel.read(in);
            if (!awaiting) {
                // unexpected bytes or EOF while idle: drop the connection
                if (n != 0) close();
                return false;
            }
            if (n == 0) return false;
            if (n < 0) {
                response.endOfInput(); // completes a body delimited by the close, else throws
                close();
                return true;
            }
            if (firstByteNanos == 0) firstByteNanos = System.nanoTime();
            if (response.feed(in.flip())) {
                awaiting = false;
                if (response.closesConnection()) close();
                return true;
            }
        }
    }

    /** Status code of the last complete response. */
    int status() {
        return response.status();
    }

    /** Response body bytes received in the last exchange. */
    long bodyBytes() {
        return response.bodyBytes();
    }

    /** System.nanoTime() when the first byte of the last response arrived (0 before). */
    long firstByteNanos() {
        return firstByteNanos;
    }

    /** The kept body of the last response (when asked for, or when the status was >= 300). */
    AsciiSink body() {
        return response.body();
    }

    void close() {
        awaiting = false;
        if (key != null) key.cancel();
        key = null;
        SocketChannel ch = channel;
        channel = null;
        Sockets.closeQuietly(ch);
    }
}
