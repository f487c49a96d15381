package io.granary.bench.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A minimal blocking HTTP/1.1 keep-alive client connection. One per worker thread; the request head is written
 * together with the (shared, read-only) body buffer in one gathering write, and the response body is drained into a
 * reused direct buffer (kept only when asked, e.g. for LIST or error responses). Reconnects lazily after
 * {@code Connection: close} or an I/O error.
 */
public final class HttpConnection implements AutoCloseable {
    private static final int IN_SIZE = 256 * 1024;

    private final InetSocketAddress address;
    private final ByteBuffer in = ByteBuffer.allocateDirect(IN_SIZE);
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private final AsciiSink body = new AsciiSink(4096);
    private volatile SocketChannel channel;
    private int pos;
    private int lim;

    // Results of the last exchange.
    private int status;
    private long bodyBytes;
    private long firstByteNanos;
    private boolean keepBody;

    public HttpConnection(InetSocketAddress address) {
        this.address = address;
    }

    private SocketChannel channel() throws IOException {
        SocketChannel ch = channel;
        if (ch == null || !ch.isOpen()) {
            ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(address);
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
            return status;
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    public int status() {
        return status;
    }

    /** Response body bytes received in the last exchange. */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** System.nanoTime() when the first byte of the last response arrived. */
    public long firstByteNanos() {
        return firstByteNanos;
    }

    /** The kept body of the last response (when asked for, or when the status was >= 300). */
    public AsciiSink body() {
        return body;
    }

    private boolean fill(SocketChannel ch) throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        }
        if (lim == IN_SIZE) throw new IOException("response head larger than " + IN_SIZE + " bytes");
        in.limit(IN_SIZE).position(lim);
        int n = ch.read(in);
        if (n < 0) return false;
        lim += n;
        return true;
    }

    private void readResponse(SocketChannel ch, boolean headRequest, boolean wantBody) throws IOException {
        pos = 0;
        lim = 0;
        body.reset();
        bodyBytes = 0;
        keepBody = wantBody;
        if (!fill(ch)) throw new EOFException("connection closed before the response");
        firstByteNanos = System.nanoTime();
        // Find the end of the head.
        int headEnd;
        int scan = 0;
        while (true) {
            headEnd = findHeadEnd(scan);
            if (headEnd >= 0) break;
            scan = Math.max(0, lim - 3);
            if (!fill(ch)) throw new EOFException("connection closed inside the response head");
        }
        // Status line: HTTP/1.1 200 OK
        if (lim < 12 || in.get(0) != 'H') throw new IOException("not an HTTP response");
        status = (in.get(9) - '0') * 100 + (in.get(10) - '0') * 10 + (in.get(11) - '0');
        if (status >= 300) keepBody = true;
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        int i = lineEnd(0) + 2;
        while (i < headEnd) {
            int e = lineEnd(i);
            int colon = i;
            while (colon < e && in.get(colon) != ':') colon++;
            int nameLen = colon - i;
            if (nameLen == 14 && nameEquals(i, "content-length")) {
                contentLength = parseLong(colon + 1, e);
            } else if (nameLen == 17 && nameEquals(i, "transfer-encoding")) {
                chunked = valueContains(colon + 1, e, "chunked");
            } else if (nameLen == 10 && nameEquals(i, "connection")) {
                close = valueContains(colon + 1, e, "close");
            }
            i = e + 2;
        }
        pos = headEnd + 4;
        if (headRequest || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            // no body
        } else if (chunked) {
            readChunked(ch);
        } else if (contentLength >= 0) {
            skip(ch, contentLength);
        } else {
            // Body until close.
            while (true) {
                consume(lim - pos);
                if (!fill(ch)) break;
            }
            close = true;
        }
        if (close) closeQuietly();
    }

    private int findHeadEnd(int from) {
        for (int i = from; i + 3 < lim; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int lineEnd(int from) {
        int i = from;
        while (i + 1 < lim && !(in.get(i) == '\r' && in.get(i + 1) == '\n')) i++;
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

    private void consume(int n) {
        if (n <= 0) return;
        if (keepBody) {
            body.ensureFor(n);
            in.get(pos, body.buf, body.len, n);
            body.len += n;
        }
        bodyBytes += n;
        pos += n;
    }

    private void skip(SocketChannel ch, long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill(ch)) throw new EOFException("connection closed inside the response body");
            int k = (int) Math.min(n, lim - pos);
            consume(k);
            n -= k;
        }
    }

    private int readByte(SocketChannel ch) throws IOException {
        if (pos == lim && !fill(ch)) throw new EOFException("connection closed inside a chunked body");
        return in.get(pos++);
    }

    private void readChunked(SocketChannel ch) throws IOException {
        while (true) {
            long size = 0;
            int c;
            boolean ext = false;
            while ((c = readByte(ch)) != '\r') {
                if (c == ';') ext = true;
                if (ext) continue;
                int d = Character.digit(c, 16);
                if (d < 0) throw new IOException("bad chunk size");
                size = size * 16 + d;
            }
            if (readByte(ch) != '\n') throw new IOException("bad chunk line");
            if (size == 0) {
                // trailers until an empty line
                int lineLen = 0;
                while (true) {
                    c = readByte(ch);
                    if (c == '\r') {
                        readByte(ch);
                        if (lineLen == 0) return;
                        lineLen = 0;
                    } else {
                        lineLen++;
                    }
                }
            }
            skip(ch, size);
            if (readByte(ch) != '\r' || readByte(ch) != '\n') throw new IOException("bad chunk end");
        }
    }

    private void closeQuietly() {
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

    /** Closes the connection; safe from another thread (unblocks a worker stuck in a read). */
    @Override
    public void close() {
        closeQuietly();
    }
}
