package io.granary.s3.handler.multipart;

import io.granary.s3.S3Error;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.bucket.Ctx;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectWriter;
import io.granary.storage.WriteCondition;
import io.granary.storage.local.LocalObjectStore;
import io.granary.storage.local.LocalStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static io.granary.s3.handler.multipart.MultipartHandlersTest.all;
import static io.granary.s3.handler.multipart.MultipartHandlersTest.one;
import static org.assertj.core.api.Assertions.assertThat;

/** The bucket, listing and multipart handlers against the real single-folder storage engine. */
class LocalStoreRoundTripTest {
    @TempDir
    Path dir;
    LocalObjectStore store;

    @BeforeEach
    void open() throws Exception {
        store = LocalObjectStore.open(new LocalStoreConfig(dir, false));
        assertThat(Ctx.of(Operation.CREATE_BUCKET, "bkt", null).store(store).run().status()).isEqualTo(200);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    void put(String key, byte[] data) throws Exception {
        try (ObjectWriter w = store.newObjectWriter("bkt", key)) {
            w.write(ByteBuffer.wrap(data));
            w.commit(ObjectMetadata.ofEtag(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data))),
                    WriteCondition.NONE);
        }
    }

    @Test
    void listingPagesAndDeleteObjects() throws Exception {
        for (String k : List.of("a", "d/1", "d/2", "d/e/3", "f", "g h")) put(k, k.getBytes(StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String xml = Ctx.text(Ctx.of(Operation.LIST_OBJECTS_V2, "bkt", null).store(store)
                    .query("list-type=2&delimiter=/&max-keys=2&encoding-type=url"
                            + (token == null ? "" : "&continuation-token=" + token)).run());
            seen.addAll(all(xml, "Key"));
            List<String> prefixes = all(xml, "Prefix");
            seen.addAll(prefixes.subList(1, prefixes.size()));
            token = one(xml, "NextContinuationToken");
        } while (token != null);
        assertThat(seen).containsExactlyInAnyOrder("a", "d/", "f", "g%20h");

        String body = "<Delete><Object><Key>a</Key></Object><Object><Key>d/1</Key></Object>"
                + "<Object><Key>nothing</Key></Object></Delete>";
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
        String result = Ctx.text(Ctx.of(Operation.DELETE_OBJECTS, "bkt", null).store(store).query("delete")
                .header("Content-MD5", md5).body(body).run());
        assertThat(all(result, "Key")).containsExactly("a", "d/1", "nothing");
        String v1 = Ctx.text(Ctx.of(Operation.LIST_OBJECTS, "bkt", null).store(store).run());
        assertThat(all(v1, "Key")).containsExactly("d/2", "d/e/3", "f", "g h");
        assertThat(Ctx.of(Operation.DELETE_BUCKET, "bkt", null).store(store).fail().error())
                .isEqualTo(S3Error.BUCKET_NOT_EMPTY);
    }

    @Test
    void multipartUploadCopyListAndComplete() throws Exception {
        byte[] src = new byte[6 * 1024 * 1024];
        for (int i = 0; i < src.length; i++) src[i] = (byte) (i * 31);
        put("source", src);
        String created = Ctx.text(Ctx.of(Operation.CREATE_MULTIPART_UPLOAD, "bkt", "dest").store(store)
                .query("uploads").header("x-amz-checksum-algorithm", "CRC32C").run());
        String id = one(created, "UploadId");

        String copy = Ctx.text(Ctx.of(Operation.UPLOAD_PART_COPY, "bkt", "dest").store(store)
                .query("partNumber=1&uploadId=" + id).header("x-amz-copy-source", "/bkt/source")
                .header("x-amz-copy-source-range", "bytes=0-5242879").run());
        String etag1 = one(copy, "ETag").replace("&quot;", "");
        String etag2 = Ctx.of(Operation.UPLOAD_PART, "bkt", "dest").store(store)
                .query("partNumber=2&uploadId=" + id).body("tail").run().headers().get("ETag").replace("\"", "");

        String parts = Ctx.text(Ctx.of(Operation.LIST_PARTS, "bkt", "dest").store(store).query("uploadId=" + id).run());
        assertThat(all(parts, "PartNumber")).containsExactly("1", "2");
        assertThat(all(parts, "ChecksumCRC32C")).hasSize(2);
        String uploads = Ctx.text(Ctx.of(Operation.LIST_MULTIPART_UPLOADS, "bkt", null).store(store).query("uploads").run());
        assertThat(all(uploads, "UploadId")).containsExactly(id);

        String body = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"" + etag1 + "\"</ETag></Part>"
                + "<Part><PartNumber>2</PartNumber><ETag>" + etag2 + "</ETag></Part></CompleteMultipartUpload>";
        String done = Ctx.text(Ctx.of(Operation.COMPLETE_MULTIPART_UPLOAD, "bkt", "dest").store(store)
                .query("uploadId=" + id).body(body).run());
        assertThat(one(done, "ETag")).endsWith("-2&quot;");
        assertThat(one(done, "ChecksumCRC32C")).endsWith("-2");

        try (ObjectReader r = store.openObject("bkt", "dest")) {
            assertThat(r.info().size()).isEqualTo(5L * 1024 * 1024 + 4);
            assertThat(r.info().metadata().partSizes()).containsExactly(5L * 1024 * 1024, 4L);
            assertThat(r.info().metadata().checksumValue()).isEqualTo(one(done, "ChecksumCRC32C"));
        }
        assertThat(Ctx.of(Operation.LIST_PARTS, "bkt", "dest").store(store).query("uploadId=" + id).fail().error())
                .isEqualTo(S3Error.NO_SUCH_UPLOAD);
    }
}
