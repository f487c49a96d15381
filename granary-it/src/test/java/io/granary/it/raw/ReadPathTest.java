package io.granary.it.raw;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.RawHttp;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read path of the single-folder server: bodyless GET and HEAD are served on the connection's event loop and
 * file bodies up to 64 KiB are read into memory and sent with the head, larger ones as file regions. Sizes around
 * that boundary, ranges, HEAD, pipelined mixes of small, large and error answers on one connection, and reads that
 * carry a body (which take the virtual-thread path) must all answer byte-exactly and in order.
 */
class ReadPathTest {
    private static final int SMALL_LIMIT = 64 * 1024;
    private static final int[] SIZES = {0, 1, 4096, SMALL_LIMIT - 1, SMALL_LIMIT, SMALL_LIMIT + 1, 1 << 20};

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    private static String bucket;

    @BeforeAll
    static void objects() {
        bucket = granary.createBucket("readpath");
        for (int size : SIZES) {
            granary.s3().putObject(b -> b.bucket(bucket).key(key(size)), RequestBody.fromBytes(data(size)));
        }
    }

    private static String key(int size) {
        return "obj-" + size;
    }

    private static byte[] data(int size) {
        return TestData.bytes(size, size);
    }

    /** A presigned request target (path and query) for {@code method} of {@code key}. */
    private static String target(String method, String key) {
        URL url = method.equals("HEAD")
                ? granary.presigner().presignHeadObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                        .headObjectRequest(r -> r.bucket(bucket).key(key))).url()
                : granary.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(r -> r.bucket(bucket).key(key))).url();
        return url.getFile();
    }

    private static String request(String method, String key, String extraHeaders) {
        return method + " " + target(method, key) + " HTTP/1.1\r\nHost: 127.0.0.1:" + granary.port() + "\r\n"
                + extraHeaders + "\r\n";
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4096, SMALL_LIMIT - 1, SMALL_LIMIT, SMALL_LIMIT + 1, 1 << 20})
    void getAndHeadAnswerEveryByteAroundTheSmallBodyLimit(int size) throws Exception {
        try (RawHttp c = new RawHttp("127.0.0.1", granary.port())) {
            c.send(request("GET", key(size), ""));
            RawHttp.Response get = c.read();
            assertThat(get.status()).as("%s", get).isEqualTo(200);
            assertThat(get.header("content-length")).isEqualTo(Integer.toString(size));
            assertThat(get.body()).isEqualTo(data(size));

            c.send(request("HEAD", key(size), ""));
            RawHttp.Response head = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo(Integer.toString(size));
            assertThat(head.body()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {SMALL_LIMIT - 1, SMALL_LIMIT + 1, 1 << 20})
    void rangesOfSmallAndLargeBodies(int size) throws Exception {
        byte[] all = data(size);
        long[][] ranges = {{0, 0}, {1, size - 2}, {size - 10, size - 1},
                {SMALL_LIMIT - 5, Math.min(size - 1, SMALL_LIMIT + 5)}};
        try (RawHttp c = new RawHttp("127.0.0.1", granary.port())) {
            for (long[] r : ranges) {
                c.send(request("GET", key(size), "Range: bytes=" + r[0] + "-" + r[1] + "\r\n"));
                RawHttp.Response resp = c.read();
                assertThat(resp.status()).as("range %s-%s of %s", r[0], r[1], size).isEqualTo(206);
                assertThat(resp.body()).isEqualTo(Arrays.copyOfRange(all, (int) r[0], (int) r[1] + 1));
            }
        }
    }

    @Test
    void pipelinedReadsOfEveryKindAnswerInOrder() throws Exception {
        List<String> kinds = new ArrayList<>();
        StringBuilder pipeline = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            for (int size : SIZES) {
                pipeline.append(request("GET", key(size), ""));
                kinds.add("get " + size);
            }
            pipeline.append(request("GET", "missing-" + round, ""));
            kinds.add("missing");
            pipeline.append(request("HEAD", key(4096), ""));
            kinds.add("head");
        }
        try (RawHttp c = new RawHttp("127.0.0.1", granary.port())) {
            c.send(pipeline.toString());
            for (String kind : kinds) {
                if (kind.equals("head")) {
                    RawHttp.Response r = c.read(true);
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.header("content-length")).isEqualTo("4096");
                } else if (kind.equals("missing")) {
                    RawHttp.Response r = c.read();
                    assertThat(r.status()).isEqualTo(404);
                    assertThat(r.bodyText()).contains("<Code>NoSuchKey</Code>");
                } else {
                    int size = Integer.parseInt(kind.substring(4));
                    RawHttp.Response r = c.read();
                    assertThat(r.status()).as(kind).isEqualTo(200);
                    assertThat(r.body()).as(kind).isEqualTo(data(size));
                }
            }
        }
    }

    @Test
    void aGetThatCarriesABodyIsStillAnswered() throws Exception {
        try (RawHttp c = new RawHttp("127.0.0.1", granary.port())) {
            c.send(request("GET", key(4096), "Content-Length: 5\r\n") + "hello");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(data(4096));
            c.send(request("GET", key(1), "")); // and the connection goes on
            assertThat(c.read().body()).isEqualTo(data(1));
        }
    }
}
