package io.granary.s3.handler.object;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.TestRequests;
import io.granary.s3.handler.support.TestStore;
import io.granary.s3.http.ResponseBody;
import io.granary.s3.http.S3Response;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectHandlersTest {
    @TempDir
    Path dir;
    TestStore store;
    final Map<Operation, Handler> handlers = new EnumMap<>(Operation.class);
    static final byte[] HELLO = "hello world".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void setUp() {
        store = new TestStore(dir).withBucket("b").withBucket("other");
        ObjectHandlers.register(handlers);
    }

    @AfterEach
    void noLeakedReaders() {
        assertThat(store.openReaders.get()).isZero();
    }

    TestRequests req(String method, String key) {
        return TestRequests.request(method, "b", key).store(store);
    }

    S3Response run(Operation op, TestRequests r) throws Exception {
        RequestContext ctx = r.build();
        return handlers.get(op).handle(ctx);
    }

    /** Runs a GET and returns the body bytes, closing the reader as the server would. */
    static byte[] body(S3Response r) throws Exception {
        if (!(r.body() instanceof ResponseBody.FileSegments fs)) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (ObjectReader.Segment s : fs.segments()) {
                ByteBuffer bb = ByteBuffer.allocate((int) s.length());
                s.channel().read(bb, s.position());
                out.write(bb.array(), 0, bb.position());
            }
        } finally {
            fs.owner().close();
        }
        assertThat((long) out.size()).isEqualTo(fs.length());
        return out.toByteArray();
    }

    static String md5Hex(byte[] d) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(d));
    }

    static void assertS3(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, S3Error e) {
        assertThatThrownBy(c).isInstanceOfSatisfying(S3Exception.class, x -> assertThat(x.error()).isEqualTo(e));
    }

    @Test
    void putThenGetThenHead() throws Exception {
        S3Response put = run(Operation.PUT_OBJECT, req("PUT", "k").body(HELLO).header("Content-Type", "text/plain")
                .header("x-amz-meta-Foo", "bar"));
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.headers().get("ETag")).isEqualTo("\"" + md5Hex(HELLO) + "\"");

        S3Response get = run(Operation.GET_OBJECT, req("GET", "k"));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers().get("Content-Type")).isEqualTo("text/plain");
        assertThat(get.headers().get("x-amz-meta-foo")).isEqualTo("bar");
        assertThat(get.headers().get("Content-Length")).isEqualTo("11");
        assertThat(get.headers().get("Accept-Ranges")).isEqualTo("bytes");
        assertThat(get.headers().get("Last-Modified")).endsWith(" GMT");
        assertThat(get.headers().get("x-amz-storage-class")).isNull();
        assertThat(body(get)).isEqualTo(HELLO);

        S3Response head = run(Operation.HEAD_OBJECT, req("HEAD", "k"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isInstanceOf(ResponseBody.Empty.class);
        assertThat(head.headers().get("Content-Length")).isEqualTo("11");
    }

    @Test
    void putDefaultsContentTypeAndReturnsChecksum() throws Exception {
        CRC32 crc = new CRC32();
        crc.update(HELLO);
        long v = crc.getValue();
        String b64 = Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
        S3Response put = run(Operation.PUT_OBJECT, req("PUT", "k").body(HELLO).header("x-amz-checksum-crc32", b64));
        assertThat(put.headers().get("x-amz-checksum-crc32")).isEqualTo(b64);
        S3Response get = run(Operation.GET_OBJECT, req("GET", "k").header("x-amz-checksum-mode", "ENABLED"));
        body(get);
        assertThat(get.headers().get("Content-Type")).isEqualTo("binary/octet-stream");
        assertThat(get.headers().get("x-amz-checksum-crc32")).isEqualTo(b64);
        assertThat(get.headers().get("x-amz-checksum-type")).isEqualTo("FULL_OBJECT");
        S3Response noMode = run(Operation.GET_OBJECT, req("GET", "k"));
        body(noMode);
        assertThat(noMode.headers().get("x-amz-checksum-crc32")).isNull();
        S3Response ranged = run(Operation.GET_OBJECT, req("GET", "k").header("x-amz-checksum-mode", "ENABLED")
                .header("Range", "bytes=0-1"));
        body(ranged);
        assertThat(ranged.headers().get("x-amz-checksum-crc32")).isNull();
    }

    @Test
    void putFailureAbortsAndLeavesNothing() {
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "k").body(HELLO).header("Content-MD5",
                Base64.getEncoder().encodeToString(new byte[16]))), S3Error.BAD_DIGEST);
        assertThat(store.exists("b", "k")).isFalse();
        assertThat(store.aborted.get()).isEqualTo(1);
    }

    @Test
    void putValidationHappensBeforeTheWriterIsOpened() {
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "k").body(HELLO).header("x-amz-storage-class", "FOO")),
                S3Error.INVALID_STORAGE_CLASS);
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "k").body(HELLO).header("x-amz-checksum-foo", "x")),
                S3Error.INVALID_REQUEST);
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "k").body(HELLO).decodedLength(6L << 40)),
                S3Error.ENTITY_TOO_LARGE);
        assertThat(store.aborted.get()).isZero();
    }

    @Test
    void putMissingLengthRules() throws Exception {
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "k").body(new ByteArrayInputStream(HELLO), -1)),
                S3Error.MISSING_CONTENT_LENGTH);
        assertThat(run(Operation.PUT_OBJECT, req("PUT", "k").body(new ByteArrayInputStream(HELLO), -1)
                .header("Transfer-Encoding", "chunked")).status()).isEqualTo(200);
        assertThat(run(Operation.PUT_OBJECT, req("PUT", "k2").body(new ByteArrayInputStream(HELLO), -1)
                .awsChunked().header("Content-Encoding", "aws-chunked")).status()).isEqualTo(200);
        assertThat(store.headObject("b", "k2").metadata().contentEncoding()).isNull();
    }

    @Test
    void putToMissingBucket() {
        assertThatThrownBy(() -> handlers.get(Operation.PUT_OBJECT).handle(
                TestRequests.request("PUT", "nope", "k").store(store).body(HELLO).build()))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.NO_SUCH_BUCKET));
    }

    @Test
    void conditionalPut() throws Exception {
        run(Operation.PUT_OBJECT, req("PUT", "k").body(HELLO).header("If-None-Match", "*"));
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "k").body(HELLO).header("If-None-Match", "*")),
                S3Error.PRECONDITION_FAILED);
        String etag = "\"" + md5Hex(HELLO) + "\"";
        assertThat(run(Operation.PUT_OBJECT, req("PUT", "k").body("v2").header("If-Match", etag)).status()).isEqualTo(200);
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "k").body("v3").header("If-Match", etag)),
                S3Error.PRECONDITION_FAILED);
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "missing").body("v").header("If-Match", etag)),
                S3Error.NO_SUCH_KEY);
        assertS3(() -> run(Operation.PUT_OBJECT, req("PUT", "k").body("v").header("If-None-Match", etag)),
                S3Error.NOT_IMPLEMENTED);
        assertThat(store.bytes("b", "k")).isEqualTo("v2".getBytes());
    }

    @Test
    void ranges() throws Exception {
        store.put("b", "k", HELLO, ObjectMetadata.ofEtag(md5Hex(HELLO)));
        S3Response r = run(Operation.GET_OBJECT, req("GET", "k").header("Range", "bytes=6-"));
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.headers().get("Content-Range")).isEqualTo("bytes 6-10/11");
        assertThat(r.headers().get("Content-Length")).isEqualTo("5");
        assertThat(body(r)).isEqualTo("world".getBytes());

        r = run(Operation.GET_OBJECT, req("GET", "k").header("Range", "bytes=-3"));
        assertThat(body(r)).isEqualTo("rld".getBytes());

        r = run(Operation.GET_OBJECT, req("GET", "k").header("Range", "bytes=0-1,4-5"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo(HELLO);

        assertThatThrownBy(() -> run(Operation.GET_OBJECT, req("GET", "k").header("Range", "bytes=11-")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.error()).isEqualTo(S3Error.INVALID_RANGE);
                    assertThat(e.headers()).containsEntry("Content-Range", "bytes */11");
                });
        S3Response head = run(Operation.HEAD_OBJECT, req("HEAD", "k").header("Range", "bytes=0-4"));
        assertThat(head.status()).isEqualTo(206);
        assertThat(head.headers().get("Content-Length")).isEqualTo("5");
    }

    @Test
    void rangeOnEmptyObject() throws Exception {
        store.put("b", "e", new byte[0], ObjectMetadata.ofEtag(md5Hex(new byte[0])));
        assertS3(() -> run(Operation.GET_OBJECT, req("GET", "e").header("Range", "bytes=0-")), S3Error.INVALID_RANGE);
        S3Response r = run(Operation.GET_OBJECT, req("GET", "e"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("Content-Length")).isEqualTo("0");
        assertThat(body(r)).isEmpty();
    }

    @Test
    void conditionalGet() throws Exception {
        store.put("b", "k", HELLO, ObjectMetadata.ofEtag(md5Hex(HELLO)));
        String etag = "\"" + md5Hex(HELLO) + "\"";
        S3Response r = run(Operation.GET_OBJECT, req("GET", "k").header("If-None-Match", etag));
        assertThat(r.status()).isEqualTo(304);
        assertThat(r.headers().get("ETag")).isEqualTo(etag);
        assertThat(r.headers().get("Last-Modified")).isNotNull();
        assertThat(r.body()).isInstanceOf(ResponseBody.Empty.class);
        assertS3(() -> run(Operation.HEAD_OBJECT, req("HEAD", "k").header("If-Match", "\"x\"")), S3Error.PRECONDITION_FAILED);
        r = run(Operation.GET_OBJECT, req("GET", "k").header("If-Match", md5Hex(HELLO)));
        assertThat(body(r)).isEqualTo(HELLO);
    }

    @Test
    void partNumberReads() throws Exception {
        byte[] data = "aaaabbbbcc".getBytes();
        ObjectMetadata mp = new ObjectMetadata("abc-3", null, null, null, null, null, null, Map.of(),
                ChecksumAlgorithm.CRC32, "AAAAAA==-3", ChecksumType.COMPOSITE, List.of(4L, 4L, 2L),
                List.of("AAAAAQ==", "AAAAAg==", "AAAAAw=="), null, Map.of());
        store.put("b", "mp", data, mp);
        S3Response r = run(Operation.GET_OBJECT, req("GET", "mp").query("partNumber=2")
                .header("x-amz-checksum-mode", "ENABLED"));
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.headers().get("Content-Range")).isEqualTo("bytes 4-7/10");
        assertThat(r.headers().get("x-amz-mp-parts-count")).isEqualTo("3");
        assertThat(r.headers().get("x-amz-checksum-crc32")).isEqualTo("AAAAAg==");
        assertThat(body(r)).isEqualTo("bbbb".getBytes());
        S3Response h = run(Operation.HEAD_OBJECT, req("HEAD", "mp").header("x-amz-checksum-mode", "ENABLED"));
        assertThat(h.headers().get("x-amz-checksum-crc32")).isEqualTo("AAAAAA==-3");
        assertThat(h.headers().get("x-amz-checksum-type")).isEqualTo("COMPOSITE");
        assertThat(h.headers().get("x-amz-mp-parts-count")).isNull();
        assertS3(() -> run(Operation.GET_OBJECT, req("GET", "mp").query("partNumber=4")), S3Error.INVALID_PART_NUMBER);
        assertS3(() -> run(Operation.GET_OBJECT, req("GET", "mp").query("partNumber=0")), S3Error.INVALID_ARGUMENT);
        assertS3(() -> run(Operation.GET_OBJECT, req("GET", "mp").query("partNumber=x")), S3Error.INVALID_ARGUMENT);

        store.put("b", "single", HELLO, ObjectMetadata.ofEtag(md5Hex(HELLO)));
        r = run(Operation.GET_OBJECT, req("GET", "single").query("partNumber=1"));
        assertThat(r.headers().get("Content-Range")).isEqualTo("bytes 0-10/11");
        assertThat(r.headers().get("x-amz-mp-parts-count")).isNull();
        assertThat(body(r)).isEqualTo(HELLO);
        assertS3(() -> run(Operation.GET_OBJECT, req("GET", "single").query("partNumber=2")), S3Error.INVALID_PART_NUMBER);
    }

    @Test
    void versionIdAndResponseOverrides() throws Exception {
        store.put("b", "k", HELLO, ObjectMetadata.ofEtag(md5Hex(HELLO)));
        S3Response r = run(Operation.GET_OBJECT, req("GET", "k").query("versionId=null&response-content-type=text%2Fcsv"
                + "&response-cache-control=no-store"));
        assertThat(r.headers().get("Content-Type")).isEqualTo("text/csv");
        assertThat(r.headers().get("Cache-Control")).isEqualTo("no-store");
        body(r);
        assertS3(() -> run(Operation.GET_OBJECT, req("GET", "k").query("versionId=abc")), S3Error.NO_SUCH_VERSION);
    }

    @Test
    void getMissing() {
        assertThatThrownBy(() -> run(Operation.GET_OBJECT, req("GET", "nope")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.NO_SUCH_KEY));
    }

    @Test
    void deleteIsIdempotent() throws Exception {
        store.put("b", "k", HELLO, ObjectMetadata.ofEtag(md5Hex(HELLO)));
        assertThat(run(Operation.DELETE_OBJECT, req("DELETE", "k")).status()).isEqualTo(204);
        assertThat(store.exists("b", "k")).isFalse();
        assertThat(run(Operation.DELETE_OBJECT, req("DELETE", "k").query("versionId=null")).status()).isEqualTo(204);
        assertThatThrownBy(() -> handlers.get(Operation.DELETE_OBJECT).handle(
                TestRequests.request("DELETE", "nope", "k").store(store).build()))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.NO_SUCH_BUCKET));
    }
}
