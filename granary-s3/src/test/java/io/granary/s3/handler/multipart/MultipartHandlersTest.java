package io.granary.s3.handler.multipart;

import io.granary.s3.S3Error;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.bucket.Ctx;
import io.granary.s3.handler.bucket.MemoryStore;
import io.granary.s3.http.S3Response;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MultipartHandlersTest {
    static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;
    MemoryStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryStore(dir).bucketNow("bkt");
    }

    static List<String> all(String xml, String name) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static String one(String xml, String name) {
        List<String> l = all(xml, name);
        return l.isEmpty() ? null : l.getFirst();
    }

    Ctx op(Operation op, String key) {
        return Ctx.of(op, "bkt", key).store(store);
    }

    String create(String key, String... headers) throws Exception {
        Ctx c = op(Operation.CREATE_MULTIPART_UPLOAD, key).query("uploads");
        for (int i = 0; i < headers.length; i += 2) c.header(headers[i], headers[i + 1]);
        String xml = Ctx.text(c.run());
        assertThat(xml).contains("<InitiateMultipartUploadResult xmlns=").contains("<Bucket>bkt</Bucket>");
        return one(xml, "UploadId");
    }

    static String complete(int... parts) {
        StringBuilder sb = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < parts.length; i += 1) {
            sb.append("<Part><PartNumber>").append(parts[i]).append("</PartNumber><ETag>ETAG").append(parts[i])
                    .append("</ETag></Part>");
        }
        return sb.append("</CompleteMultipartUpload>").toString();
    }

    /** A complete body listing the parts of {@code uploadId} with their real ETags. */
    String completeFor(String uploadId, int... parts) {
        String body = complete(parts);
        for (int n : parts) {
            body = body.replace("ETAG" + n + "<", "\"" + MemoryStore.md5Hex(store.partData(uploadId, n)) + "\"<");
        }
        return body;
    }

    @Test
    void createRecordsMetadataAndChecksumHeaders() throws Exception {
        S3Response r = op(Operation.CREATE_MULTIPART_UPLOAD, "dir/obj").query("uploads")
                .header("Content-Type", "text/plain").header("x-amz-meta-color", "blue")
                .header("x-amz-checksum-algorithm", "crc32").run();
        assertThat(r.headers().get("x-amz-checksum-algorithm")).isEqualTo("CRC32");
        assertThat(r.headers().get("x-amz-checksum-type")).isEqualTo("COMPOSITE");
        String id = one(Ctx.text(r), "UploadId");
        MultipartUpload u = store.multipartUpload("bkt", "dir/obj", id);
        assertThat(u.metadata().contentType()).isEqualTo("text/plain");
        assertThat(u.metadata().userMetadata()).containsEntry("color", "blue");
        assertThat(u.metadata().checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.CRC32);
        assertThat(u.metadata().checksumType()).isEqualTo(ChecksumType.COMPOSITE);

        S3Response nvme = op(Operation.CREATE_MULTIPART_UPLOAD, "k").query("uploads")
                .header("x-amz-checksum-algorithm", "CRC64NVME").run();
        assertThat(nvme.headers().get("x-amz-checksum-type")).isEqualTo("FULL_OBJECT");
        assertThat(op(Operation.CREATE_MULTIPART_UPLOAD, "k").query("uploads").run().headers()
                .get("x-amz-checksum-algorithm")).isNull();
    }

    @ParameterizedTest
    @CsvSource({"CRC64NVME, COMPOSITE", "SHA256, FULL_OBJECT", "MD5, ", "CRC32, PARTIAL", ", COMPOSITE"})
    void createRejectsBadChecksumCombinations(String alg, String type) {
        Ctx c = op(Operation.CREATE_MULTIPART_UPLOAD, "k").query("uploads");
        if (alg != null) c.header("x-amz-checksum-algorithm", alg);
        if (type != null) c.header("x-amz-checksum-type", type);
        assertThat(c.fail().error()).isEqualTo(S3Error.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10001", "-1", "x", ""})
    void uploadPartRejectsBadPartNumbers(String n) throws Exception {
        String id = create("k");
        var e = op(Operation.UPLOAD_PART, "k").query("partNumber=" + n + "&uploadId=" + id).body("x").fail();
        assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT);
    }

    @Test
    void uploadPartStoresPartAndChecksum() throws Exception {
        String id = create("k", "x-amz-checksum-algorithm", "CRC32");
        S3Response r = op(Operation.UPLOAD_PART, "k").query("partNumber=7&uploadId=" + id).body("hello").run();
        String md5 = MemoryStore.md5Hex("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(r.headers().get("ETag")).isEqualTo("\"" + md5 + "\"");
        String crc = Base64.getEncoder().encodeToString(MultipartDigestTest.crc32("hello".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.headers().get("x-amz-checksum-crc32")).isEqualTo(crc);
        assertThat(store.listParts("bkt", "k", id, 0, 10)).singleElement()
                .satisfies(p -> {
                    assertThat(p.partNumber()).isEqualTo(7);
                    assertThat(p.etag()).isEqualTo(md5);
                    assertThat(p.checksumValue()).isEqualTo(crc);
                });
        assertThat(op(Operation.UPLOAD_PART, "k").query("partNumber=1&uploadId=" + id).body("x")
                .header("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(new byte[32])).fail().error())
                .isEqualTo(S3Error.INVALID_REQUEST);
        assertThat(op(Operation.UPLOAD_PART, "k").query("partNumber=1&uploadId=" + id).body("x")
                .header("x-amz-checksum-crc32", "AAAAAA==").fail().error()).isEqualTo(S3Error.BAD_DIGEST);
    }

    @Test
    void uploadIdMustMatchKey() throws Exception {
        String id = create("k");
        assertThat(op(Operation.UPLOAD_PART, "other").query("partNumber=1&uploadId=" + id).body("x").fail().error())
                .isEqualTo(S3Error.NO_SUCH_UPLOAD);
        assertThat(op(Operation.LIST_PARTS, "other").query("uploadId=" + id).fail().error())
                .isEqualTo(S3Error.NO_SUCH_UPLOAD);
        assertThat(op(Operation.ABORT_MULTIPART_UPLOAD, "k").query("uploadId=nope").fail().error())
                .isEqualTo(S3Error.NO_SUCH_UPLOAD);
        assertThat(op(Operation.ABORT_MULTIPART_UPLOAD, "k").query("uploadId=" + id).run().status()).isEqualTo(204);
        assertThat(op(Operation.ABORT_MULTIPART_UPLOAD, "k").query("uploadId=" + id).fail().error())
                .isEqualTo(S3Error.NO_SUCH_UPLOAD);
    }

    @Test
    void completeAssemblesPartsWithMultipartEtag() throws Exception {
        String id = create("big", "Content-Type", "video/mp4");
        byte[] p1 = new byte[5 * MIB];
        p1[0] = 1;
        store.putPart(id, 1, p1, null);
        store.putPart(id, 2, new byte[5 * MIB + 1], null);
        op(Operation.UPLOAD_PART, "big").query("partNumber=4&uploadId=" + id).body("tail").run();
        store.putPart(id, 3, "not chosen".getBytes(StandardCharsets.UTF_8), null);

        String xml = Ctx.text(op(Operation.COMPLETE_MULTIPART_UPLOAD, "big").query("uploadId=" + id)
                .body(completeFor(id, 1, 2, 4)).run());

        ByteArrayOutputStream md5s = new ByteArrayOutputStream();
        for (int n : new int[] {1, 2, 4}) md5s.writeBytes(HexFormat.of().parseHex(MemoryStore.md5Hex(partBytes(n, p1))));
        String expected = MemoryStore.md5Hex(md5s.toByteArray()) + "-3";
        assertThat(one(xml, "ETag")).isEqualTo("&quot;" + expected + "&quot;");
        assertThat(one(xml, "Location")).isEqualTo("http://localhost:9000/bkt/big");
        assertThat(one(xml, "Key")).isEqualTo("big");

        MemoryStore.Completed c = store.lastCompleted;
        assertThat(c.partNumbers()).containsExactly(1, 2, 4);
        assertThat(c.metadata().etag()).isEqualTo(expected);
        assertThat(c.metadata().partSizes()).containsExactly((long) 5 * MIB, (long) 5 * MIB + 1, 4L);
        assertThat(c.metadata().contentType()).isEqualTo("video/mp4");
        assertThat(c.condition()).isEqualTo(WriteCondition.NONE);
        assertThat(store.object("bkt", "big").data()).hasSize(10 * MIB + 5);
    }

    private static byte[] partBytes(int n, byte[] p1) {
        return switch (n) {
            case 1 -> p1;
            case 2 -> new byte[5 * MIB + 1];
            default -> "tail".getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void completeComputesCompositeChecksumAndChecksPartChecksums() throws Exception {
        String id = create("c", "x-amz-checksum-algorithm", "CRC32");
        byte[] a = new byte[5 * MIB];
        byte[] b = "end".getBytes(StandardCharsets.UTF_8);
        String ca = Base64.getEncoder().encodeToString(MultipartDigestTest.crc32(a));
        String cb = Base64.getEncoder().encodeToString(MultipartDigestTest.crc32(b));
        store.putPart(id, 1, a, ca);
        store.putPart(id, 2, b, cb);
        String badBody = completeFor(id, 1, 2).replace("</ETag></Part></Complete", "</ETag><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part></Complete");
        assertThat(op(Operation.COMPLETE_MULTIPART_UPLOAD, "c").query("uploadId=" + id).body(badBody).fail().error())
                .isEqualTo(S3Error.INVALID_PART);
        String body = completeFor(id, 1, 2).replace("</ETag></Part></Complete", "</ETag><ChecksumCRC32>" + cb + "</ChecksumCRC32></Part></Complete");
        String xml = Ctx.text(op(Operation.COMPLETE_MULTIPART_UPLOAD, "c").query("uploadId=" + id).body(body).run());
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes(MultipartDigestTest.crc32(a));
        raw.writeBytes(MultipartDigestTest.crc32(b));
        String expected = Base64.getEncoder().encodeToString(MultipartDigestTest.crc32(raw.toByteArray())) + "-2";
        assertThat(one(xml, "ChecksumCRC32")).isEqualTo(expected);
        assertThat(one(xml, "ChecksumType")).isEqualTo("COMPOSITE");
        ObjectMetadata m = store.lastCompleted.metadata();
        assertThat(m.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.CRC32);
        assertThat(m.checksumValue()).isEqualTo(expected);
        assertThat(m.partChecksums()).containsExactly(ca, cb);
    }

    @Test
    void completeFullObjectCrc64NvmeAndWholeObjectHeader() throws Exception {
        String id = create("f", "x-amz-checksum-algorithm", "CRC64NVME");
        byte[] a = new byte[5 * MIB];
        a[7] = 42;
        byte[] b = "last".getBytes(StandardCharsets.UTF_8);
        store.putPart(id, 1, a, Base64.getEncoder().encodeToString(MultipartDigestTest.nvme(a)));
        op(Operation.UPLOAD_PART, "f").query("partNumber=2&uploadId=" + id).body(b).run();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        whole.writeBytes(a);
        whole.writeBytes(b);
        String expected = Base64.getEncoder().encodeToString(MultipartDigestTest.nvme(whole.toByteArray()));

        assertThat(op(Operation.COMPLETE_MULTIPART_UPLOAD, "f").query("uploadId=" + id)
                .header("x-amz-checksum-crc64nvme", "AAAAAAAAAAA=").body(completeFor(id, 1, 2)).fail().error())
                .isEqualTo(S3Error.BAD_DIGEST);
        assertThat(op(Operation.COMPLETE_MULTIPART_UPLOAD, "f").query("uploadId=" + id)
                .header("x-amz-mp-object-size", "3").body(completeFor(id, 1, 2)).fail().error())
                .isEqualTo(S3Error.INVALID_REQUEST);
        String xml = Ctx.text(op(Operation.COMPLETE_MULTIPART_UPLOAD, "f").query("uploadId=" + id)
                .header("x-amz-checksum-crc64nvme", expected).header("x-amz-mp-object-size", "" + (5 * MIB + 4))
                .body(completeFor(id, 1, 2)).run());
        assertThat(one(xml, "ChecksumCRC64NVME")).isEqualTo(expected);
        assertThat(one(xml, "ChecksumType")).isEqualTo("FULL_OBJECT");
        assertThat(store.lastCompleted.metadata().checksumValue()).isEqualTo(expected);
        assertThat(store.lastCompleted.metadata().checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
        assertThat(store.lastCompleted.metadata().partChecksums()).hasSize(2);
    }

    @Test
    void completeValidatesOrderExistenceEtagsAndSizes() throws Exception {
        String id = create("v");
        store.putPart(id, 1, new byte[5 * MIB], null);
        store.putPart(id, 2, new byte[10], null);
        store.putPart(id, 3, new byte[10], null);
        Ctx base = op(Operation.COMPLETE_MULTIPART_UPLOAD, "v").query("uploadId=" + id);

        assertThat(fail(id, "")).isEqualTo(S3Error.MALFORMED_XML);
        assertThat(fail(id, "<CompleteMultipartUpload/>")).isEqualTo(S3Error.MALFORMED_XML);
        assertThat(fail(id, completeFor(id, 2, 1))).isEqualTo(S3Error.INVALID_PART_ORDER);
        assertThat(fail(id, completeFor(id, 1, 1))).isEqualTo(S3Error.INVALID_PART_ORDER);
        assertThat(fail(id, completeFor(id, 1).replace("</Complete", "<Part><PartNumber>9</PartNumber><ETag>x</ETag></Part></Complete")))
                .isEqualTo(S3Error.INVALID_PART);
        assertThat(fail(id, complete(1))).isEqualTo(S3Error.INVALID_PART);
        assertThat(fail(id, completeFor(id, 1, 2, 3))).isEqualTo(S3Error.ENTITY_TOO_SMALL);
        assertThat(fail(id, completeFor(id, 1).replace("<PartNumber>1<", "<PartNumber>10001<")))
                .isEqualTo(S3Error.INVALID_ARGUMENT);
        assertThat(base.body(completeFor(id, 1, 3)).run().status()).isEqualTo(200);
        assertThat(store.lastCompleted.partNumbers()).containsExactly(1, 3);
    }

    @Test
    void completeAcceptsUnquotedEtagsAcrossManyStorePages() throws Exception {
        String id = create("many");
        byte[] big = new byte[5 * MIB];
        for (int n = 1; n <= 2500; n++) {
            store.putPart(id, n, n == 1 || n == 1500 ? big : n == 2500 ? new byte[1] : new byte[0], null);
        }
        StringBuilder body = new StringBuilder("<CompleteMultipartUpload>");
        for (int n : new int[] {1, 1500, 2500}) {
            body.append("<Part><PartNumber>").append(n).append("</PartNumber><ETag>")
                    .append(MemoryStore.md5Hex(store.partData(id, n))).append("</ETag></Part>");
        }
        body.append("</CompleteMultipartUpload>");
        assertThat(op(Operation.COMPLETE_MULTIPART_UPLOAD, "many").query("uploadId=" + id).body(body.toString())
                .run().status()).isEqualTo(200);
        assertThat(store.lastCompleted.partNumbers()).containsExactly(1, 1500, 2500);
        assertThat(store.lastCompleted.metadata().etag()).endsWith("-3");
    }

    private S3Error fail(String id, String body) {
        return op(Operation.COMPLETE_MULTIPART_UPLOAD, "v").query("uploadId=" + id).body(body).fail().error();
    }

    @Test
    void completeHonoursIfNoneMatch() throws Exception {
        store.put("bkt", "exists", "old");
        String id = create("exists");
        op(Operation.UPLOAD_PART, "exists").query("partNumber=1&uploadId=" + id).body("new").run();
        assertThat(op(Operation.COMPLETE_MULTIPART_UPLOAD, "exists").query("uploadId=" + id)
                .header("If-None-Match", "*").body(completeFor(id, 1)).fail().error())
                .isEqualTo(S3Error.PRECONDITION_FAILED);
        String id2 = create("fresh");
        op(Operation.UPLOAD_PART, "fresh").query("partNumber=1&uploadId=" + id2).body("new").run();
        op(Operation.COMPLETE_MULTIPART_UPLOAD, "fresh").query("uploadId=" + id2).header("If-None-Match", "*")
                .body(completeFor(id2, 1)).run();
        assertThat(store.lastCompleted.condition()).isEqualTo(WriteCondition.IF_ABSENT);
    }

    @Test
    void uploadPartCopyWithRange() throws Exception {
        store.put("bkt", "src", "0123456789");
        String id = create("dst", "x-amz-checksum-algorithm", "SHA256");
        String xml = Ctx.text(op(Operation.UPLOAD_PART_COPY, "dst").query("partNumber=1&uploadId=" + id)
                .header("x-amz-copy-source", "/bkt/src").header("x-amz-copy-source-range", "bytes=2-5").run());
        assertThat(xml).contains("<CopyPartResult xmlns=");
        assertThat(store.partData(id, 1)).isEqualTo("2345".getBytes(StandardCharsets.UTF_8));
        assertThat(one(xml, "ETag")).isEqualTo("&quot;" + MemoryStore.md5Hex("2345".getBytes(StandardCharsets.UTF_8)) + "&quot;");
        assertThat(one(xml, "ChecksumSHA256")).isEqualTo(Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest("2345".getBytes(StandardCharsets.UTF_8))));
        assertThat(one(xml, "LastModified")).isNotNull();

        op(Operation.UPLOAD_PART_COPY, "dst").query("partNumber=2&uploadId=" + id)
                .header("x-amz-copy-source", "bkt/src").run();
        assertThat(store.partData(id, 2)).isEqualTo("0123456789".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"bytes=5-10, INVALID_RANGE", "bytes=10-10, INVALID_RANGE", "bytes=5-2, INVALID_ARGUMENT",
            "bytes=-5, INVALID_ARGUMENT", "bytes=5-, INVALID_ARGUMENT", "items=1-2, INVALID_ARGUMENT"})
    void uploadPartCopyRejectsBadRanges(String range, S3Error expected) throws Exception {
        store.put("bkt", "src", "0123456789");
        String id = create("dst");
        assertThat(op(Operation.UPLOAD_PART_COPY, "dst").query("partNumber=1&uploadId=" + id)
                .header("x-amz-copy-source", "/bkt/src").header("x-amz-copy-source-range", range).fail().error())
                .isEqualTo(expected);
    }

    @Test
    void uploadPartCopyChecksSourceConditions() throws Exception {
        store.put("bkt", "src", "0123456789");
        String id = create("dst");
        assertThat(op(Operation.UPLOAD_PART_COPY, "dst").query("partNumber=1&uploadId=" + id)
                .header("x-amz-copy-source", "/bkt/src").header("x-amz-copy-source-if-match", "\"nope\"").fail().error())
                .isEqualTo(S3Error.PRECONDITION_FAILED);
        assertThat(op(Operation.UPLOAD_PART_COPY, "dst").query("partNumber=1&uploadId=" + id)
                .header("x-amz-copy-source", "/bkt/missing").fail().error()).isEqualTo(S3Error.NO_SUCH_KEY);
    }

    @Test
    void listPartsPaginates() throws Exception {
        String id = create("lp", "x-amz-checksum-algorithm", "CRC32C");
        for (int n = 1; n <= 5; n++) store.putPart(id, n, new byte[n], "AAAAAA==");
        String p1 = Ctx.text(op(Operation.LIST_PARTS, "lp").query("uploadId=" + id + "&max-parts=2").run());
        assertThat(all(p1, "PartNumber")).containsExactly("1", "2");
        assertThat(one(p1, "IsTruncated")).isEqualTo("true");
        assertThat(one(p1, "NextPartNumberMarker")).isEqualTo("2");
        assertThat(all(p1, "ChecksumCRC32C")).containsExactly("AAAAAA==", "AAAAAA==");
        assertThat(one(p1, "ChecksumAlgorithm")).isEqualTo("CRC32C");
        assertThat(p1).contains("<Initiator><ID>").contains("<StorageClass>STANDARD</StorageClass>");
        String p2 = Ctx.text(op(Operation.LIST_PARTS, "lp").query("uploadId=" + id + "&max-parts=3&part-number-marker=2").run());
        assertThat(all(p2, "PartNumber")).containsExactly("3", "4", "5");
        assertThat(all(p2, "Size")).containsExactly("3", "4", "5");
        assertThat(one(p2, "IsTruncated")).isEqualTo("false");
        assertThat(op(Operation.LIST_PARTS, "lp").query("uploadId=" + id + "&max-parts=-1").fail().error())
                .isEqualTo(S3Error.INVALID_ARGUMENT);
        assertThat(op(Operation.LIST_PARTS, "lp").query("uploadId=" + id + "&part-number-marker=x").fail().error())
                .isEqualTo(S3Error.INVALID_ARGUMENT);
    }

    @Test
    void listMultipartUploads() throws Exception {
        create("a/one");
        create("a/two");
        create("b c");
        create("top");
        String xml = Ctx.text(Ctx.of(Operation.LIST_MULTIPART_UPLOADS, "bkt", null).store(store)
                .query("uploads&delimiter=/&encoding-type=url").run());
        assertThat(xml).contains("<ListMultipartUploadsResult xmlns=");
        assertThat(all(xml, "Key")).containsExactly("b%20c", "top");
        assertThat(xml).contains("<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>");
        assertThat(one(xml, "EncodingType")).isEqualTo("url");
        assertThat(all(xml, "Initiated")).hasSize(2);

        String page = Ctx.text(Ctx.of(Operation.LIST_MULTIPART_UPLOADS, "bkt", null).store(store)
                .query("uploads&max-uploads=1&prefix=a/").run());
        assertThat(all(page, "Key")).containsExactly("a/one");
        assertThat(one(page, "IsTruncated")).isEqualTo("true");
        assertThat(one(page, "NextKeyMarker")).isEqualTo("a/one");
        String next = Ctx.text(Ctx.of(Operation.LIST_MULTIPART_UPLOADS, "bkt", null).store(store)
                .query("uploads&max-uploads=1&prefix=a/&key-marker=a/one&upload-id-marker=" + one(page, "NextUploadIdMarker")).run());
        assertThat(all(next, "Key")).containsExactly("a/two");
        assertThat(Ctx.of(Operation.LIST_MULTIPART_UPLOADS, "nope", null).store(store).query("uploads").fail().error())
                .isEqualTo(S3Error.NO_SUCH_BUCKET);
    }
}
