package io.granary.bench.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An incremental HTTP/1.1 response parser, fed the bytes of one connection as they arrive, in pieces of any size (a
 * split may fall anywhere, even inside {@code \r\n}). It reads the status code and the headers that frame the body
 * ({@code Content-Length}, {@code Transfer-Encoding: chunked}, {@code Connection: close}), then counts the body and
 * keeps it when asked, and says when the response is complete. {@link HttpConnection} feeds it what each blocking read
 * returns, {@link LoopConnection} what each read event brings.
 *
 * <p>Contract: {@link #begin} before each response; then {@link #feed} until it returns true, and
 * {@link #endOfInput} when the peer closes the connection first (which completes a body delimited by the close and is
 * an {@link EOFException} otherwise). {@code feed} consumes bytes only up to the end of the response, so what follows
 * it in the buffer (the next of pipelined responses) is left there. HEAD responses, 1xx, 204 and 304 have no body
 * whatever their headers say (1xx responses are returned as they are: the bench never asks for
 * {@code 100 Continue}). The body is kept in {@link #body()} when asked for and always for a status of 300 or more
 * (error documents). Malformed framing is an {@link IOException}; a head over {@value #MAX_HEAD} bytes too.
 *
 * <p>Implementation notes: this runs on the load generator's hot path, so it must never become its bottleneck. The
 * head is copied into a reused array as it arrives (a few hundred bytes) while a four-state matcher looks for the
 * blank line, so a head split across reads needs no rescanning; the headers are then read from that array by hand
 * (case-insensitive name compare, no regex, no String). Body bytes are counted in bulk and copied only when kept.
 * After warm-up a response allocates nothing.
 */
final class ResponseParser {
    /** The largest response head accepted, blank line included. */
    static final int MAX_HEAD = 256 * 1024;

    private enum State { HEAD, BODY_LENGTH, UNTIL_CLOSE, CHUNK_SIZE, CHUNK_EXT, CHUNK_SIZE_LF, CHUNK_DATA,
        CHUNK_DATA_CR, CHUNK_DATA_LF, TRAILER, TRAILER_LF, DONE }

    private final AsciiSink body = new AsciiSink(4096);
    private byte[] head = new byte[1024];
    private int headLen;
    /** How many bytes of {@code \r\n\r\n} the head read so far ends with (4: the head is complete). */
    private int headMatch;
    private State state = State.DONE;
    private boolean headRequest;
    private boolean keepBody;
    private int status;
    private long bodyBytes;
    private boolean closeAfter;
    private long remaining;
    private long chunkSize;
    private int trailerLineLen;

    /**
     * Starts a new response.
     *
     * @param headRequest true for the response to a HEAD request (no body whatever the headers say)
     * @param keepBody    keep the body in {@link #body()} (always kept for a status of 300 or more)
     */
    void begin(boolean headRequest, boolean keepBody) {
        this.headRequest = headRequest;
        this.keepBody = keepBody;
        headLen = 0;
        headMatch = 0;
        status = 0;
        bodyBytes = 0;
        closeAfter = false;
        remaining = 0;
        chunkSize = 0;
        trailerLineLen = 0;
        body.reset();
        state = State.HEAD;
    }

    /**
     * Parses the bytes from {@code src}'s position to its limit, or up to the end of the response if it ends first,
     * and moves the position past them.
     *
     * @return true when the response is complete
     */
    boolean feed(ByteBuffer src) throws IOException {
        if (state == State.DONE) throw new IllegalStateException("no response begun");
        int i = src.position();
        int to = src.limit();
        if (state == State.HEAD) i = readHead(src, i, to);
        if (state != State.HEAD) i = readBody(src, i, to);
        src.position(i);
        return state == State.DONE;
    }

    /** The peer closed the connection: completes a body delimited by the close; else the response is cut short. */
    void endOfInput() throws EOFException {
        switch (state) {
            case DONE -> { }
            case UNTIL_CLOSE -> state = State.DONE;
            case HEAD -> throw new EOFException(headLen == 0 ? "connection closed before the response"
                    : "connection closed inside the response head");
            case BODY_LENGTH -> throw new EOFException("connection closed inside the response body");
            default -> throw new EOFException("connection closed inside a chunked body");
        }
    }

    boolean isComplete() {
        return state == State.DONE;
    }

    int status() {
        return status;
    }

    /** Body bytes received so far (after chunked framing is removed). */
    long bodyBytes() {
        return bodyBytes;
    }

    /** The kept body (when asked for, or when the status is 300 or more); empty otherwise. */
    AsciiSink body() {
        return body;
    }

    /** True when the connection cannot carry another request: {@code Connection: close}, or a body up to close. */
    boolean closesConnection() {
        return closeAfter;
    }

    private int readHead(ByteBuffer src, int from, int to) throws IOException {
        int m = headMatch;
        int i = from;
        while (i < to && m < 4) {
            byte c = src.get(i++);
            if (c == '\r') m = m == 2 ? 3 : 1;
            else if (c == '\n' && (m == 1 || m == 3)) m++;
            else m = 0;
        }
        headMatch = m;
        appendHead(src, from, i - from);
        if (m == 4) parseHead();
        return i;
    }

    private void appendHead(ByteBuffer src, int at, int n) throws IOException {
        if (headLen + n > MAX_HEAD) throw new IOException("response head larger than " + MAX_HEAD + " bytes");
        if (headLen + n > head.length) {
            head = Arrays.copyOf(head, Math.min(MAX_HEAD, Math.max(head.length * 2, headLen + n)));
        }
        src.get(at, head, headLen, n);
        headLen += n;
    }

    private void parseHead() throws IOException {
        int headEnd = headLen - 4; // where the blank line's \r\n\r\n starts
        // Status line: HTTP/1.1 200 OK
        if (headEnd < 12 || head[0] != 'H') throw new IOException("not an HTTP response");
        status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        if (status >= 300) keepBody = true;
        long contentLength = -1;
        boolean chunked = false;
        int i = lineEnd(0) + 2;
        while (i < headEnd) {
            int e = lineEnd(i);
            int colon = i;
            while (colon < e && head[colon] != ':') colon++;
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
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = remaining == 0 ? State.DONE : State.BODY_LENGTH;
        } else {
            closeAfter = true;
            state = State.UNTIL_CLOSE;
        }
    }

    /** The start of the {@code \r\n} ending the head line at {@code from} (the head ends with one, so it is found). */
    private int lineEnd(int from) {
        int i = from;
        while (!(head[i] == '\r' && head[i + 1] == '\n')) i++;
        return i;
    }

    private boolean nameEquals(int at, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            int c = head[at + k];
            if (c >= 'A' && c <= 'Z') c += 32;
            if (c != lower.charAt(k)) return false;
        }
        return true;
    }

    private boolean valueContains(int from, int to, String lower) {
        outer:
        for (int i = from; i + lower.length() <= to; i++) {
            for (int k = 0; k < lower.length(); k++) {
                int c = head[i + k];
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
            int c = head[i];
            if (c == ' ' || c == '\t') continue;
            if (c < '0' || c > '9') throw new IOException("bad Content-Length");
            v = v * 10 + (c - '0');
            any = true;
        }
        if (!any) throw new IOException("empty Content-Length");
        return v;
    }

    private int readBody(ByteBuffer src, int from, int to) throws IOException {
        int i = from;
        while (i < to && state != State.DONE) {
            switch (state) {
                case BODY_LENGTH, CHUNK_DATA -> {
                    int k = (int) Math.min(remaining, to - i);
                    consume(src, i, k);
                    i += k;
                    remaining -= k;
                    if (remaining == 0) state = state == State.BODY_LENGTH ? State.DONE : State.CHUNK_DATA_CR;
                }
                case UNTIL_CLOSE -> {
                    consume(src, i, to - i);
                    i = to;
                }
                case CHUNK_SIZE -> {
                    int c = src.get(i++);
                    if (c == '\r') {
                        state = State.CHUNK_SIZE_LF;
                    } else if (c == ';') {
                        state = State.CHUNK_EXT;
                    } else {
                        int d = Character.digit(c, 16);
                        if (d < 0) throw new IOException("bad chunk size");
                        chunkSize = chunkSize * 16 + d;
                    }
                }
                case CHUNK_EXT -> {
                    if (src.get(i++) == '\r') state = State.CHUNK_SIZE_LF;
                }
                case CHUNK_SIZE_LF -> {
                    if (src.get(i++) != '\n') throw new IOException("bad chunk line");
                    if (chunkSize == 0) {
                        trailerLineLen = 0;
                        state = State.TRAILER;
                    } else {
                        remaining = chunkSize;
                        state = State.CHUNK_DATA;
                    }
                }
                case CHUNK_DATA_CR -> {
                    if (src.get(i++) != '\r') throw new IOException("bad chunk end");
                    state = State.CHUNK_DATA_LF;
                }
                case CHUNK_DATA_LF -> {
                    if (src.get(i++) != '\n') throw new IOException("bad chunk end");
                    chunkSize = 0;
                    state = State.CHUNK_SIZE;
                }
                case TRAILER -> {
                    if (src.get(i++) == '\r') state = State.TRAILER_LF;
                    else trailerLineLen++;
                }
                case TRAILER_LF -> {
                    i++; // the \n ending a trailer line, or the blank line that ends the body
                    if (trailerLineLen == 0) {
                        state = State.DONE;
                    } else {
                        trailerLineLen = 0;
                        state = State.TRAILER;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return i;
    }

    private void consume(ByteBuffer src, int at, int n) {
        if (n <= 0) return;
        if (keepBody) {
            body.ensureFor(n);
            src.get(at, body.buf, body.len, n);
            body.len += n;
        }
        bodyBytes += n;
    }
}
