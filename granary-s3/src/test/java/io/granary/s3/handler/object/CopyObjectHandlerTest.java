package io.granary.s3.handler.object;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.support.TestRequests;
import io.granary.s3.handler.support.TestStore;
import io.granary.s3.http.ResponseBody;
import io.granary.s3.http.S3Response;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopyObjectHandlerTest {
    @TempDir
    Path dir;
    TestStore store;
    final CopyObjectHandler handler = new CopyObjectHandler();

    @BeforeEach
    void setUp() {
        store = new TestStore(dir).withBucket("src").withBucket("dst");
    }

    @AfterEach
    void noLeakedReaders() {
        assertThat(store.openReaders.get()).isZero();
    }

    static String md5Hex(byte[] d) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(d));
    }

    static ObjectMetadata meta(String etag, String contentType, Map<String, String> user) {
        return new ObjectMetadata(etag, contentType, null, null, null, null, null, user, null, null, null,
                List.of(), List.of(), null, Map.of());
    }

    TestRequests copy(String dstKey, String source) {
        return TestRequests.request("PUT", "dst", dstKey).store(store).header("x-amz-copy-source", source);
    }

    static String xml(S3Response r) {
        return new String(((ResponseBody.Bytes) r.body()).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void copiesBytesAndMetadata() throws Exception {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        store.put("src", "a b+€", data, meta(md5Hex(data), "image/png", Map.of("color", "red")));
        S3Response r = handler.handle(copy("copy", "/src/a%20b%2B%E2%82%AC?versionId=null")
                .header("Content-Type", "text/plain").header("x-amz-meta-color", "blue").build());
        assertThat(r.status()).isEqualTo(200);
        String body = xml(r);
        assertThat(body).contains("<CopyObjectResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .contains("<ETag>&quot;" + md5Hex(data) + "&quot;</ETag>").contains("<LastModified>");
        assertThat(store.bytes("dst", "copy")).isEqualTo(data);
        ObjectInfo copied = store.headObject("dst", "copy");
        assertThat(copied.etag()).isEqualTo(md5Hex(data));
        assertThat(copied.metadata().contentType()).isEqualTo("image/png");
        assertThat(copied.metadata().userMetadata()).containsExactly(Map.entry("color", "red"));
    }

    @Test
    void replaceTakesRequestMetadata() throws Exception {
        store.put("src", "k", "x".getBytes(), meta(md5Hex("x".getBytes()), "image/png", Map.of("color", "red")));
        handler.handle(copy("k2", "src/k").header("x-amz-metadata-directive", "REPLACE")
                .header("x-amz-meta-shape", "round").build());
        ObjectMetadata m = store.headObject("dst", "k2").metadata();
        assertThat(m.contentType()).isNull();
        assertThat(m.userMetadata()).containsExactly(Map.entry("shape", "round"));
    }

    @Test
    void selfCopyRules() throws Exception {
        store.put("dst", "k", "x".getBytes(), meta(md5Hex("x".getBytes()), null, Map.of()));
        assertThatThrownBy(() -> handler.handle(copy("k", "dst/k").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith("This copy request is illegal because it is trying to copy an object to itself");
                });
        assertThat(handler.handle(copy("k", "dst/k").header("x-amz-metadata-directive", "REPLACE").build()).status())
                .isEqualTo(200);
        assertThat(handler.handle(copy("k", "dst/k").header("x-amz-storage-class", "STANDARD_IA").build()).status())
                .isEqualTo(200);
        assertThat(store.headObject("dst", "k").metadata().storageClass()).isEqualTo("STANDARD_IA");
    }

    @Test
    void invalidDirectiveAndMissingSource() {
        assertThatThrownBy(() -> handler.handle(copy("k", "src/k").header("x-amz-metadata-directive", "MOVE").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT));
        assertThatThrownBy(() -> handler.handle(copy("k", "src/missing").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.NO_SUCH_KEY);
                    assertThat(e.elements()).containsEntry("Key", "missing");
                });
        assertThatThrownBy(() -> handler.handle(copy("k", "nobucket/k").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.NO_SUCH_BUCKET);
                    assertThat(e.elements()).containsEntry("BucketName", "nobucket");
                });
        assertThatThrownBy(() -> handler.handle(copy("k", "src/k?versionId=xyz").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.NO_SUCH_VERSION));
    }

    @Test
    void copySourceConditions() throws Exception {
        store.put("src", "k", "x".getBytes(), meta(md5Hex("x".getBytes()), null, Map.of()));
        String etag = "\"" + md5Hex("x".getBytes()) + "\"";
        assertThat(handler.handle(copy("a", "src/k").header("x-amz-copy-source-if-match", etag).build()).status())
                .isEqualTo(200);
        assertThatThrownBy(() -> handler.handle(copy("b", "src/k").header("x-amz-copy-source-if-none-match", etag).build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.PRECONDITION_FAILED));
        assertThat(store.exists("dst", "b")).isFalse();
    }

    @Test
    void multipartSourceGetsRecomputedEtagAndChecksumRules() throws Exception {
        byte[] data = "aaaabbbb".getBytes();
        ObjectMetadata mp = new ObjectMetadata("abc-2", null, null, null, null, null, null, Map.of(),
                ChecksumAlgorithm.CRC32, "AAAAAA==-2", ChecksumType.COMPOSITE, List.of(4L, 4L), List.of(), null, Map.of());
        store.put("src", "mp", data, mp);
        handler.handle(copy("c1", "src/mp").build());
        ObjectMetadata m = store.headObject("dst", "c1").metadata();
        assertThat(m.etag()).isEqualTo(md5Hex(data));
        assertThat(m.checksumAlgorithm()).isNull();
        assertThat(m.partCount()).isZero();

        S3Response r = handler.handle(copy("c2", "src/mp").header("x-amz-checksum-algorithm", "SHA256").build());
        m = store.headObject("dst", "c2").metadata();
        String sha = java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(m.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
        assertThat(m.checksumValue()).isEqualTo(sha);
        assertThat(xml(r)).contains("<ChecksumSHA256>" + sha + "</ChecksumSHA256>");

        // a full-object checksum on the source is kept
        handler.handle(copy("c3", "dst/c2").build());
        assertThat(store.headObject("dst", "c3").metadata().checksumValue()).isEqualTo(sha);
        assertThatThrownBy(() -> handler.handle(copy("c4", "src/mp").header("x-amz-checksum-algorithm", "MD5").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_REQUEST));
    }

    @Test
    void destinationConditions() throws Exception {
        store.put("src", "k", "x".getBytes(), meta(md5Hex("x".getBytes()), null, Map.of()));
        handler.handle(copy("d", "src/k").header("If-None-Match", "*").build());
        assertThatThrownBy(() -> handler.handle(copy("d", "src/k").header("If-None-Match", "*").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.PRECONDITION_FAILED));
    }
}
