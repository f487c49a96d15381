package io.granary.bench.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A non-blocking HTTP/1.1 keep-alive connection driven by an event loop (one {@link Selector} per loop thread, like
 * wrk): the request is written when possible, the response parsed incrementally as bytes arrive. Read interest stays
 * registered so a request/response cycle costs one write and one or two reads, no epoll_ctl.
 */
final class LoopConnection {
    private static final int IN_SIZE = 256 * 1024;

    private enum State { IDLE, HEAD, BODY_LENGTH, CHUNK_SIZE, CHUNK_EXT, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR,
        CHUNK_DATA_LF, TRAILER, TRAILER_LF, UNTIL_CLOSE, DONE }

    private final InetSocketAddress address;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocateDirect(IN_SIZE);
    private final ByteBuffer[] out = new ByteBuffer[2];
    final AsciiSink body = new AsciiSink(4096);
    Object attachment;
    private SocketChannel channel;
    private SelectionKey key;
    private boolean writing;
    private State state = State.IDLE;
    private boolean headRequest;
    private boolean keepBody;
    private boolean wantBody;
    private boolean closeAfter;
    private int scan;
    private long remaining;
    private long chunkSize;
    private int trailerLineLen;

    // results
    int status;
    long bodyBytes;
    long firstByteNanos;

    LoopConnection(InetSocketAddress address, Selector selector) {
        this.address = address;
        this.selector = selector;
    }

    private void ensureOpen() throws IOException {
        if (channel != null && channel.isOpen()) return;
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(address); // blocking connect, then non-blocking I/O
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
    void start(ByteBuffer head, ByteBuffer requestBody, boolean head_, boolean wantBody) throws IOException {
        ensureOpen();
        this.headRequest = head_;
        this.wantBody = wantBody;
        this.keepBody = wantBody;
        this.status = 0;
        this.bodyBytes = 0;
        this.firstByteNanos = 0;
        this.closeAfter = false;
        this.scan = 0;
        body.reset();
        in.clear();
        state = State.HEAD;
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
            if (state == State.IDLE || state == State.DONE) {
                // unexpected bytes or EOF while idle: drop the connection
                in.clear();
                int n = channel.read(in);
                if (n != 0) close();
                return false;
            }
            if (!in.hasRemaining()) {
                if (state == State.HEAD) throw new IOException("response head larger than " + IN_SIZE + " bytes");
                in.clear();
                scan = 0;
            }
            int start = in.position();
            int n = channel.read(in);
            if (n == 0) return false;
            if (n < 0) {
                if (state == State.UNTIL_CLOSE) {
                    close();
                    state = State.DONE;
                    return true;
                }
                throw new EOFException("connection closed inside the response");
            }
            if (firstByteNanos == 0) firstByteNanos = System.nanoTime();
            if (parse(start, in.position())) {
                state = State.DONE;
                if (closeAfter) close();
                return true;
            }
        }
    }

    /** Parses bytes [from, to) of {@link #in}; true when the response is complete. */
    private boolean parse(int from, int to) throws IOException {
        int i = from;
        if (state == State.HEAD) {
            int headEnd = -1;
            for (int j = Math.max(0, scan - 3); j + 3 < to; j++) {
                if (in.get(j) == '\r' && in.get(j + 1) == '\n' && in.get(j + 2) == '\r' && in.get(j + 3) == '\n') {
                    headEnd = j;
                    break;
                }
            }
            scan = to;
            if (headEnd < 0) return false;
            parseHead(headEnd);
            i = headEnd + 4;
        }
        while (i < to || state == State.BODY_LENGTH && remaining == 0) {
            switch (state) {
                case BODY_LENGTH -> {
                    int k = (int) Math.min(remaining, to - i);
                    consume(i, k);
                    i += k;
                    remaining -= k;
                    if (remaining == 0) return true;
                }
                case UNTIL_CLOSE -> {
                    consume(i, to - i);
                    i = to;
                }
                case CHUNK_SIZE -> {
                    int c = in.get(i++);
                    if (c == '\r') state = State.CHUNK_SIZE_LF;
                    else if (c == ';') state = State.CHUNK_EXT;
                    else {
                        int d = Character.digit(c, 16);
                        if (d < 0) throw new IOException("bad chunk size");
                        chunkSize = chunkSize * 16 + d;
                    }
                }
                case CHUNK_EXT -> {
                    if (in.get(i++) == '\r') state = State.CHUNK_SIZE_LF;
                }
                case CHUNK_SIZE_LF -> {
                    if (in.get(i++) != '\n') throw new IOException("bad chunk line");
                    if (chunkSize == 0) {
                        state = State.TRAILER;
                        trailerLineLen = 0;
                    } else {
                        remaining = chunkSize;
                        state = State.CHUNK_DATA;
                    }
                }
                case CHUNK_DATA -> {
                    int k = (int) Math.min(remaining, to - i);
                    consume(i, k);
                    i += k;
                    remaining -= k;
                    if (remaining == 0) state = State.CHUNK_DATA_CR;
                }
                case CHUNK_DATA_CR -> {
                    if (in.get(i++) != '\r') throw new IOException("bad chunk end");
                    state = State.CHUNK_DATA_LF;
                }
                case CHUNK_DATA_LF -> {
                    if (in.get(i++) != '\n') throw new IOException("bad chunk end");
                    chunkSize = 0;
                    state = State.CHUNK_SIZE;
                }
                case TRAILER -> {
                    int c = in.get(i++);
                    if (c == '\r') state = State.TRAILER_LF;
                    else trailerLineLen++;
                }
                case TRAILER_LF -> {
                    i++;
                    if (trailerLineLen == 0) return true;
                    trailerLineLen = 0;
                    state = State.TRAILER;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return false;
    }

    private void consume(int at, int n) {
        if (n <= 0) return;
        if (keepBody) {
            body.ensureFor(n);
            in.get(at, body.buf, body.len, n);
            body.len += n;
        }
        bodyBytes += n;
    }

    private void parseHead(int headEnd) throws IOException {
        if (headEnd < 12 || in.get(0) != 'H') throw new IOException("not an HTTP response");
        status = (in.get(9) - '0') * 100 + (in.get(10) - '0') * 10 + (in.get(11) - '0');
        if (status >= 300) keepBody = true;
        long contentLength = -1;
        boolean chunked = false;
        int i = lineEnd(0, headEnd) + 2;
        while (i < headEnd) {
            int e = lineEnd(i, headEnd);
            int colon = i;
            while (colon < e && in.get(colon) != ':') colon++;
            int nameLen = colon - i;
            if (nameLen == 14 && nameEquals(i, "content-length")) {
                contentLength = parseLong(colon + 1, e);
            } else if (nameLen == 17 && nameEquals(i, "transfer-encoding")) {
                chunked = valueContains(colon + 1, e, "chunked");
            } else if (nameLen == 10 && nameEquals(i, "connection")) {
                closeAfter = valueContains(colon + 1, e, "close");
            }
            i = e + 2;
        }
        if (headRequest || status == 204 || status == 304 || status < 200) {
            state = State.BODY_LENGTH;
            remaining = 0;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
            chunkSize = 0;
        } else if (contentLength >= 0) {
            state = State.BODY_LENGTH;
            remaining = contentLength;
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private int lineEnd(int from, int limit) {
        int i = from;
        while (i + 1 < limit + 2 && !(in.get(i) == '\r' && in.get(i + 1) == '\n')) i++;
        return i;
    }

    private boolean nameEquals(int at, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            int c = in.get(at + k);
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(k)) return false;
        }
        return true;
    }

    private boolean valueContains(int from, int to, String lower) {
        outer:
        for (int i = from; i + lower.length() <= to; i++) {
            for (int k = 0; k < lower.length(); k++) {
                int c = in.get(i + k);
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c != lower.charAt(k)) continue outer;
            }
            return true;
        }
        return false;
    }

    private long parseLong(int from, int to) throws IOException {
        long v = 0;
        boolean any = false;
        for (int i = from; i < to; i++) {
            int c = in.get(i);
            if (c == ' ' || c == '\t') continue;
            if (c < '0' || c > '9') throw new IOException("bad Content-Length");
            v = v * 10 + (c - '0');
            any = true;
        }
        if (!any) throw new IOException("empty Content-Length");
        return v;
    }

    boolean wantedBody() {
        return wantBody;
    }

    void close() {
        state = State.IDLE;
        if (key != null) key.cancel();
        key = null;
        SocketChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
