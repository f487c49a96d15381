package io.granary.bench.internal;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The client against a scripted server: Content-Length, chunked, HEAD and keep-alive on one connection. */
class HttpConnectionTest {

    @Test
    void parsesResponsesOnOneKeptAliveConnection() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = serve(ss, Integer.MAX_VALUE);
            try (HttpConnection c = new HttpConnection(new InetSocketAddress(ss.getInetAddress(), ss.getLocalPort()))) {
                assertThat(c.exchange(req("GET"), null, false, true)).isEqualTo(200);
                assertThat(c.body().asString()).isEqualTo("hello");
                assertThat(c.exchange(req("GET"), null, false, true)).isEqualTo(200);
                assertThat(c.body().asString()).isEqualTo("abc0123456789abcdef");
                assertThat(c.exchange(req("HEAD"), null, true, false)).isEqualTo(200);
                assertThat(c.bodyBytes()).isZero();
                assertThat(c.exchange(req("GET"), null, false, false)).isEqualTo(200);
                assertThat(c.bodyBytes()).isEqualTo(600_000);
                assertThat(c.body().length()).isZero();
                assertThat(c.exchange(req("GET"), null, false, false)).isEqualTo(404);
                assertThat(c.body().asString()).isEqualTo("missing");
            }
            server.join(5000);
        }
    }

    @Test
    void eventLoopConnectionParsesTheSameResponses() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            Thread server = serve(ss, 7); // dribbled, to exercise the incremental parser
            LoopConnection c = new LoopConnection(new InetSocketAddress(ss.getInetAddress(), ss.getLocalPort()), selector);
            runLoop(c, selector, req("GET"), false, true);
            assertThat(c.status()).isEqualTo(200);
            assertThat(c.body().asString()).isEqualTo("hello");
            runLoop(c, selector, req("GET"), false, true);
            assertThat(c.body().asString()).isEqualTo("abc0123456789abcdef");
            runLoop(c, selector, req("HEAD"), true, false);
            assertThat(c.bodyBytes()).isZero();
            runLoop(c, selector, req("GET"), false, false);
            assertThat(c.bodyBytes()).isEqualTo(600_000);
            runLoop(c, selector, req("GET"), false, false);
            assertThat(c.status()).isEqualTo(404);
            assertThat(c.body().asString()).isEqualTo("missing");
            c.close();
            server.join(5000);
        }
    }

    /**
     * Accepts one connection on {@code ss} and answers each request on it with the next of
     * {@link #scriptedResponses}, written in pieces of at most {@code piece} bytes (the first 200 bytes flushed piece
     * by piece).
     */
    private static Thread serve(ServerSocket ss, int piece) {
        List<byte[]> responses = scriptedResponses();
        return Thread.ofPlatform().daemon(true).start(() -> {
            try (Socket s = ss.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                for (byte[] r : responses) {
                    readHead(in);
                    for (int i = 0; i < r.length; i += piece) {
                        out.write(r, i, Math.min(piece, r.length - i));
                        if (i < 200) out.flush();
                    }
                    out.flush();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Content-Length, chunked with an extension and a trailer, HEAD, a large body, an error closing the connection. */
    private static List<byte[]> scriptedResponses() {
        byte[] big = new byte[600_000];
        return List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII),
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: 1\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII),
                "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nETag: \"x\"\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                concat("HTTP/1.1 200 OK\r\ncontent-length: 600000\r\n\r\n".getBytes(StandardCharsets.US_ASCII), big),
                "HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\nConnection: close\r\n\r\nmissing"
                        .getBytes(StandardCharsets.US_ASCII));
    }

    private static void runLoop(LoopConnection c, java.nio.channels.Selector selector, ByteBuffer head, boolean isHead,
                                boolean wantBody) throws Exception {
        c.start(head, null, isHead, wantBody);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            selector.select(100);
            for (var k : selector.selectedKeys()) {
                if (c.onReady(k)) {
                    selector.selectedKeys().clear();
                    return;
                }
            }
            selector.selectedKeys().clear();
        }
        throw new AssertionError("no response");
    }

    private static ByteBuffer req(String method) {
        return ByteBuffer.wrap((method + " / HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static void readHead(InputStream in) throws Exception {
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) throw new IllegalStateException("eof");
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
    }
}
