package io.granary.it.erasure;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.RawHttp;
import io.granary.it.support.SignedHttp;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 4-drive server (one erasure set, 2 data + 2 parity) driven by the AWS SDK: every acknowledged object reads back
 * byte-identical after two drives are lost, the admin heal restores full redundancy, and then two OTHER drives can be
 * lost too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureServerTest {

    @RegisterExtension
    static final GranaryServerExtension granary = GranaryServerExtension.withDrives(4);

    private static final Map<String, byte[]> objects = new LinkedHashMap<>();
    private static String bucket;

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static void assertAllReadBack(String when) {
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            byte[] got = granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key(o.getKey())).asByteArray();
            assertThat(got).as("%s: %s", when, o.getKey()).isEqualTo(o.getValue());
        }
        byte[] big = objects.get("multipart");
        if (big != null) { // a range across erasure blocks and parts, streamed as it is decoded
            int from = 5 * 1024 * 1024 - 1000;
            int to = 6 * 1024 * 1024 + 77;
            byte[] part = granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("multipart")
                    .range("bytes=" + from + "-" + to)).asByteArray();
            assertThat(part).as("%s: range", when).isEqualTo(java.util.Arrays.copyOfRange(big, from, to + 1));
        }
        List<String> listed = granary.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(s -> s.key()).toList();
        assertThat(listed).as(when).containsExactlyElementsOf(objects.keySet().stream().sorted().toList());
    }

    private static void destroy(Path drive) throws Exception {
        try (Stream<Path> walk = Files.walk(drive)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    @Test
    @Order(1)
    void writesSmallLargeAndMultipartObjects() {
        bucket = granary.createBucket("ec");
        objects.put("empty", new byte[0]);
        objects.put("small-4k", random(4096, 1));
        objects.put("dir/three-mib", random(3 * 1024 * 1024 + 17, 2));
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
            granary.s3().putObject(b -> b.bucket(bucket).key(o.getKey()), RequestBody.fromBytes(o.getValue()));
        }
        byte[] big = random(11 * 1024 * 1024 + 5, 3);
        String upload = granary.s3().createMultipartUpload(b -> b.bucket(bucket).key("multipart")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        int partSize = 5 * 1024 * 1024;
        for (int n = 1, off = 0; off < big.length; n++, off += partSize) {
            byte[] part = java.util.Arrays.copyOfRange(big, off, Math.min(big.length, off + partSize));
            int number = n;
            String etag = granary.s3().uploadPart(b -> b.bucket(bucket).key("multipart").uploadId(upload)
                    .partNumber(number), RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        granary.s3().completeMultipartUpload(b -> b.bucket(bucket).key("multipart").uploadId(upload)
                .multipartUpload(m -> m.parts(parts)));
        objects.put("multipart", big);
        assertAllReadBack("after writing");
        assertThat(granary.drivePaths()).allSatisfy(d -> assertThat(d.resolve("granary-format")).exists());
    }

    @Test
    @Order(2)
    void survivesLosingTwoDrivesAndHealRestoresThem() throws Exception {
        List<Path> drives = granary.drivePaths();
        destroy(drives.get(0));
        destroy(drives.get(2));
        assertAllReadBack("with disk1 and disk3 gone");

        RawHttp.Response heal = new SignedHttp(granary).send("POST", "/_admin/v1/heal");
        assertThat(heal.status()).as("%s", heal).isEqualTo(200);
        assertThat(heal.bodyText()).contains("\"failed\": 0");

        destroy(drives.get(1));
        destroy(drives.get(3));
        assertAllReadBack("after heal, with disk2 and disk4 gone");
    }

    @Test
    @Order(3)
    void drivesReportTheirState() throws Exception {
        RawHttp.Response r = new SignedHttp(granary).send("GET", "/_admin/v1/drives");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).contains("disk1", "disk4", "\"state\"");
    }
}
