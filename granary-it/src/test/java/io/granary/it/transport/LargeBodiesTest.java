package io.granary.it.transport;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.RawHttp;
import io.granary.it.support.TestData;
import io.granary.platform.TransportKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Large file bodies leave the server differently per transport (file regions on epoll and NIO, mapped chunks of
 * {@code MappedFileBody.CHUNK} = 4 MiB on io_uring): whatever the transport, whole objects, single-part and
 * multipart (several files), ranges across chunk and part boundaries, and pipelined mixes must arrive byte-exactly
 * and in order. One subclass per transport; a transport this machine lacks is skipped, not faked.
 */
abstract class LargeBodiesTest {
    private static final int MIB = TestData.MIB;
    private static final int CHUNK = 4 * MIB;
    /** Three chunks and a bit: the last chunk is short. */
    private static final int SINGLE = 2 * CHUNK + 12_345;
    private static final int[] PARTS = {5 * MIB, 5 * MIB + 3, MIB + 17};

    private final GranaryServerExtension granary;
    private final TransportKind expected;
    private String bucket;
    private byte[] single;
    private byte[] multipart;

    LargeBodiesTest(GranaryServerExtension granary, TransportKind expected) {
        this.granary = granary;
        this.expected = expected;
    }

    @BeforeAll
    void objects() {
        assumeTrue(granary.transport() == expected, expected + " is not available here (got " + granary.transport() + ")");
        bucket = granary.createBucket("large-" + expected.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        single = TestData.bytes(SINGLE, 11);
        granary.s3().putObject(b -> b.bucket(bucket).key("single"), RequestBody.fromBytes(single));

        String upload = granary.s3().createMultipartUpload(b -> b.bucket(bucket).key("multi")).uploadId();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<CompletedPart> done = new ArrayList<>();
        for (int i = 0; i < PARTS.length; i++) {
            byte[] part = TestData.bytes(PARTS[i], 100 + i);
            all.writeBytes(part);
            int number = i + 1;
            String etag = granary.s3().uploadPart(b -> b.bucket(bucket).key("multi").uploadId(upload)
                    .partNumber(number), RequestBody.fromBytes(part)).eTag();
            done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
        }
        granary.s3().completeMultipartUpload(b -> b.bucket(bucket).key("multi").uploadId(upload)
                .multipartUpload(m -> m.parts(done)));
        multipart = all.toByteArray();
    }

    private String request(String key, String range) {
        String target = granary.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(r -> r.bucket(bucket).key(key))).url().getFile();
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + granary.port() + "\r\n"
                + (range == null ? "" : "Range: bytes=" + range + "\r\n") + "\r\n";
    }

    @Test
    void wholeObjectsArriveByteExactly() {
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("single")).asByteArray())
                .isEqualTo(single);
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("multi")).asByteArray())
                .isEqualTo(multipart);
    }

    @Test
    void rangesAcrossChunkAndPartBoundaries() throws Exception {
        int p1 = PARTS[0];
        int p2 = PARTS[0] + PARTS[1];
        long[][] singleRanges = {{CHUNK - 1, CHUNK}, {CHUNK - 100, 2L * CHUNK + 100}, {1, SINGLE - 2},
                {SINGLE - 65_537, SINGLE - 1}, {0, 65_536}};
        long[][] multiRanges = {{p1 - 1, p1}, {p1 - 10, p2 + 10}, {CHUNK - 3, p1 + CHUNK + 3}, {p2, multipart.length - 1},
                {1, multipart.length - 2}};
        try (RawHttp c = new RawHttp("127.0.0.1", granary.port())) {
            for (long[] r : singleRanges) expectRange(c, "single", single, r);
            for (long[] r : multiRanges) expectRange(c, "multi", multipart, r);
        }
    }

    private void expectRange(RawHttp c, String key, byte[] all, long[] r) throws Exception {
        c.send(request(key, r[0] + "-" + r[1]));
        RawHttp.Response resp = c.read();
        assertThat(resp.status()).as("%s %s-%s", key, r[0], r[1]).isEqualTo(206);
        assertThat(resp.body()).as("%s %s-%s", key, r[0], r[1])
                .isEqualTo(Arrays.copyOfRange(all, (int) r[0], (int) r[1] + 1));
    }

    @Test
    void pipelinedLargeSmallAndErrorAnswersStayInOrder() throws Exception {
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            pipeline.append(request("single", null)).append(request("multi", "0-99"))
                    .append(request("missing", null)).append(request("multi", null));
        }
        try (RawHttp c = new RawHttp("127.0.0.1", granary.port())) {
            c.send(pipeline.toString());
            for (int i = 0; i < 2; i++) {
                assertThat(c.read().body()).isEqualTo(single);
                assertThat(c.read().body()).isEqualTo(Arrays.copyOfRange(multipart, 0, 100));
                RawHttp.Response missing = c.read();
                assertThat(missing.status()).isEqualTo(404);
                assertThat(missing.bodyText()).contains("<Code>NoSuchKey</Code>");
                assertThat(c.read().body()).isEqualTo(multipart);
            }
        }
    }
}
