package io.granary.bench.internal;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The incremental response parser, Okio-style: every response (and all of them pipelined back to back) is fed whole,
 * one byte at a time, and split at every point (every pair of points for a single response), and must parse to the
 * same result each time. Cut-short and malformed responses fail with the framing error they have.
 */
class ResponseParserTest {

    /** What a parsed response comes to; {@code body} is the kept body (ISO-8859-1, so binary bytes survive). */
    record Parsed(int status, long bodyBytes, String body, boolean closes) {
        static Parsed of(ResponseParser p) {
            return new Parsed(p.status(), p.bodyBytes(), p.body().asString(), p.closesConnection());
        }
    }

    /** One response on the wire, how it was asked for, and what it must parse to. */
    record Case(String wire, boolean headRequest, boolean keepBody, Parsed expected) {
        byte[] bytes() {
            return wire.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static final List<Case> KEPT_ALIVE = List.of(
            new Case("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, true,
                    new Parsed(200, 5, "hello", false)),
            new Case("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false, false,
                    new Parsed(200, 5, "", false)),
            new Case("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nETag: \"x\"\r\n\r\n", false, true,
                    new Parsed(200, 0, "", false)),
            // a body holding a blank line and binary bytes is counted, not scanned
            new Case("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n\r\n\r\n\u00ff\u0000\u0080", false, true,
                    new Parsed(200, 7, "\r\n\r\n\u00ff\u0000\u0080", false)),
            new Case("HTTP/1.1 200 OK\r\ncontent-LENGTH:  3 \r\nCONNECTION: Keep-Alive\r\n\r\nabc", false, true,
                    new Parsed(200, 3, "abc", false)),
            new Case("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nT: 1\r\nU: 2\r\n\r\n", false, true,
                    new Parsed(200, 13, "abc0123456789", false)),
            new Case("HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n5\r\nhe\r\nl\r\n0\r\n\r\n", false, false,
                    new Parsed(200, 5, "", false)),
            new Case("HTTP/1.1 200 OK\r\nContent-Length: 600000\r\nETag: \"x\"\r\n\r\n", true, false,
                    new Parsed(200, 0, "", false)),
            new Case("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false, true,
                    new Parsed(204, 0, "", false)),
            new Case("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nTransfer-Encoding: chunked\r\n\r\n", false, true,
                    new Parsed(304, 0, "", false)),
            new Case("HTTP/1.1 100 Continue\r\n\r\n", false, true, new Parsed(100, 0, "", false)),
            // errors are kept even when the body was not asked for
            new Case("HTTP/1.1 404 Not Found\r\nContent-Type: application/xml\r\nContent-Length: 7\r\n\r\nmissing",
                    false, false, new Parsed(404, 7, "missing", false)),
            new Case("HTTP/1.1 503 Slow Down\r\nConnection: close\r\nContent-Length: 4\r\n\r\nslow", false, false,
                    new Parsed(503, 4, "slow", true)));

    /** Neither length nor chunked: the body runs until the server closes, so it can only come last. */
    private static final Case UNTIL_CLOSE = new Case("HTTP/1.1 200 OK\r\nServer: x\r\n\r\nup to\r\n\r\nthe end",
            false, true, new Parsed(200, 16, "up to\r\n\r\nthe end", true));

    private static final List<Case> ALL = concat(KEPT_ALIVE, List.of(UNTIL_CLOSE));

    @Test
    void eachResponseParsesTheSameWholeByteByByteAndAtEveryPairOfSplitPoints() throws IOException {
        for (Case c : ALL) {
            List<Case> one = List.of(c);
            byte[] wire = c.bytes();
            assertThat(parse(one, wire)).as(c.wire()).containsExactly(c.expected());
            assertThat(parse(one, wire, everyByte(wire.length))).as(c.wire()).containsExactly(c.expected());
            for (int i = 0; i <= wire.length; i++) {
                for (int j = i; j <= wire.length; j++) {
                    assertThat(parse(one, wire, i, j)).as("%s split at %d and %d", c.wire(), i, j)
                            .containsExactly(c.expected());
                }
            }
        }
    }

    @Test
    void pipelinedResponsesParseTheSameWholeByteByByteAndAtEverySplitPoint() throws IOException {
        byte[] wire = wire(ALL);
        List<Parsed> expected = ALL.stream().map(Case::expected).toList();
        assertThat(parse(ALL, wire)).containsExactlyElementsOf(expected);
        assertThat(parse(ALL, wire, everyByte(wire.length))).containsExactlyElementsOf(expected);
        for (int i = 0; i <= wire.length; i++) {
            assertThat(parse(ALL, wire, i)).as("split at %d", i).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void feedStopsAtTheEndOfTheResponse() throws IOException {
        ResponseParser p = new ResponseParser();
        p.begin(false, true);
        ByteBuffer b = ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1".getBytes(
                StandardCharsets.US_ASCII));
        assertThat(p.feed(b)).isTrue();
        assertThat(b.remaining()).isEqualTo("HTTP/1.1".length());
        assertThat(p.isComplete()).isTrue();
        assertThat(Parsed.of(p)).isEqualTo(new Parsed(200, 2, "ok", false));
    }

    @Test
    void aResponseCutShortAnywhereIsAnEndOfFile() throws IOException {
        for (Case c : KEPT_ALIVE) {
            byte[] wire = c.bytes();
            for (int cut = 0; cut < wire.length; cut++) {
                ResponseParser p = new ResponseParser();
                p.begin(c.headRequest(), c.keepBody());
                assertThat(p.feed(ByteBuffer.wrap(wire, 0, cut))).isFalse();
                assertThat(catchThrowable(p::endOfInput)).as("%s cut at %d", c.wire(), cut)
                        .isInstanceOf(EOFException.class);
            }
        }
        assertThat(endOfInputAfter("")).hasMessage("connection closed before the response");
        assertThat(endOfInputAfter("HTTP/1.1 200 OK\r\n")).hasMessage("connection closed inside the response head");
        assertThat(endOfInputAfter("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel"))
                .hasMessage("connection closed inside the response body");
        assertThat(endOfInputAfter("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"))
                .hasMessage("connection closed inside a chunked body");
    }

    @Test
    void malformedFramingIsRefused() {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertThat(feedFailure("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")).hasMessage("bad Content-Length");
        assertThat(feedFailure("HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n")).hasMessage("empty Content-Length");
        assertThat(feedFailure("SSH-2.0-OpenSSH_9.6\r\n\r\n")).hasMessage("not an HTTP response");
        assertThat(feedFailure("HTTP/1.1\r\n\r\n")).hasMessage("not an HTTP response");
        assertThat(feedFailure(chunked + "zz\r\n")).hasMessage("bad chunk size");
        assertThat(feedFailure(chunked + "5\rX")).hasMessage("bad chunk line");
        assertThat(feedFailure(chunked + "5\r\nhelloXY")).hasMessage("bad chunk end");
        assertThat(feedFailure(chunked + "5\r\nhello\rY")).hasMessage("bad chunk end");
        String huge = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(ResponseParser.MAX_HEAD) + "\r\n\r\n";
        assertThat(feedFailure(huge)).hasMessage("response head larger than " + ResponseParser.MAX_HEAD + " bytes");
    }

    @Test
    void aParserIsFedOnlyAfterBegin() {
        ResponseParser p = new ResponseParser();
        assertThatThrownBy(() -> p.feed(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
    }

    // ---- helpers

    /**
     * Feeds {@code wire}, cut into pieces at {@code cuts} (ascending), into one parser, each piece in its own direct
     * buffer as a read would return it, beginning the next of {@code cases} whenever a response completes; ends the
     * input after the last piece when the last response is still open.
     */
    private static List<Parsed> parse(List<Case> cases, byte[] wire, int... cuts) throws IOException {
        ResponseParser p = new ResponseParser();
        List<Parsed> parsed = new ArrayList<>();
        p.begin(cases.get(0).headRequest(), cases.get(0).keepBody());
        int from = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : wire.length;
            ByteBuffer piece = ByteBuffer.allocateDirect(to - from).put(wire, from, to - from).flip();
            from = to;
            while (piece.hasRemaining()) {
                assertThat(parsed).as("bytes after the last response").hasSizeLessThan(cases.size());
                if (!p.feed(piece)) {
                    assertThat(piece.hasRemaining()).as("an unfinished response takes the whole piece").isFalse();
                    break;
                }
                parsed.add(Parsed.of(p));
                if (parsed.size() < cases.size()) {
                    Case next = cases.get(parsed.size());
                    p.begin(next.headRequest(), next.keepBody());
                }
            }
        }
        if (parsed.size() < cases.size()) {
            p.endOfInput();
            assertThat(p.isComplete()).isTrue();
            parsed.add(Parsed.of(p));
        }
        return parsed;
    }

    private static Throwable endOfInputAfter(String wire) throws IOException {
        ResponseParser p = new ResponseParser();
        p.begin(false, false);
        p.feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.US_ASCII)));
        return catchThrowable(p::endOfInput);
    }

    private static Throwable feedFailure(String wire) {
        ResponseParser p = new ResponseParser();
        p.begin(false, false);
        Throwable t = catchThrowable(() -> p.feed(ByteBuffer.wrap(wire.getBytes(StandardCharsets.US_ASCII))));
        assertThat(t).isInstanceOf(IOException.class);
        return t;
    }

    private static int[] everyByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        Arrays.setAll(cuts, i -> i + 1);
        return cuts;
    }

    private static byte[] wire(List<Case> cases) {
        StringBuilder sb = new StringBuilder();
        for (Case c : cases) sb.append(c.wire());
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
