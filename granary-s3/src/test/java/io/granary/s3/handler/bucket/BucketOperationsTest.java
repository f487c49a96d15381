package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.S3Settings;
import io.granary.s3.http.S3Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import static io.granary.s3.handler.bucket.ListingTest.all;
import static io.granary.s3.handler.bucket.ListingTest.one;
import static org.assertj.core.api.Assertions.assertThat;

class BucketOperationsTest {
    @TempDir
    Path dir;
    MemoryStore store;

    @BeforeEach
    void setUp() {
        store = new MemoryStore(dir);
    }

    Ctx op(Operation op, String bucket) {
        return Ctx.of(op, bucket, null).store(store);
    }

    @Test
    void createHeadLocationVersioningDelete() throws Exception {
        S3Response created = op(Operation.CREATE_BUCKET, "my-bucket").run();
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.headers().get("Location")).isEqualTo("/my-bucket");

        S3Response head = op(Operation.HEAD_BUCKET, "my-bucket").run();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("x-amz-bucket-region")).isEqualTo("us-east-1");

        String loc = Ctx.text(op(Operation.GET_BUCKET_LOCATION, "my-bucket").query("location").run());
        assertThat(loc).endsWith("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"></LocationConstraint>");

        String ver = Ctx.text(op(Operation.GET_BUCKET_VERSIONING, "my-bucket").query("versioning").run());
        assertThat(ver).contains("<VersioningConfiguration xmlns=").doesNotContain("Status");

        assertThat(op(Operation.CREATE_BUCKET, "my-bucket").fail().error()).isEqualTo(S3Error.BUCKET_ALREADY_OWNED_BY_YOU);

        store.put("my-bucket", "k", "v");
        assertThat(op(Operation.DELETE_BUCKET, "my-bucket").fail().error()).isEqualTo(S3Error.BUCKET_NOT_EMPTY);
        store.deleteObject("my-bucket", "k");
        assertThat(op(Operation.DELETE_BUCKET, "my-bucket").run().status()).isEqualTo(204);
        assertThat(op(Operation.HEAD_BUCKET, "my-bucket").fail().error()).isEqualTo(S3Error.NO_SUCH_BUCKET);
        assertThat(op(Operation.GET_BUCKET_LOCATION, "my-bucket").fail().error()).isEqualTo(S3Error.NO_SUCH_BUCKET);
        assertThat(op(Operation.GET_BUCKET_VERSIONING, "my-bucket").fail().error()).isEqualTo(S3Error.NO_SUCH_BUCKET);
        assertThat(op(Operation.DELETE_BUCKET, "my-bucket").fail().error()).isEqualTo(S3Error.NO_SUCH_BUCKET);
    }

    @Test
    void createWithLocationConstraint() throws Exception {
        op(Operation.CREATE_BUCKET, "eu-bucket").body("""
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                <LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>""").run();
        assertThat(store.bucket("eu-bucket").orElseThrow().region()).isEqualTo("eu-west-1");
        assertThat(op(Operation.HEAD_BUCKET, "eu-bucket").run().headers().get("x-amz-bucket-region")).isEqualTo("eu-west-1");
        assertThat(Ctx.text(op(Operation.GET_BUCKET_LOCATION, "eu-bucket").run()))
                .contains(">eu-west-1</LocationConstraint>");
    }

    @Test
    void locationOfDefaultBucketOnServerInAnotherRegion() throws Exception {
        S3Settings eu = new S3Settings("eu-central-1", List.of(), "id", "name");
        op(Operation.CREATE_BUCKET, "bb1").run();
        assertThat(Ctx.text(op(Operation.GET_BUCKET_LOCATION, "bb1").settings(eu).run()))
                .contains(">eu-central-1</LocationConstraint>");
    }

    @Test
    void createRejectsBadNamesAndBodies() {
        assertThat(op(Operation.CREATE_BUCKET, "Bad_Name").fail().error()).isEqualTo(S3Error.INVALID_BUCKET_NAME);
        assertThat(op(Operation.CREATE_BUCKET, "good-name").body("<CreateBucketConfiguration>").fail().error())
                .isEqualTo(S3Error.MALFORMED_XML);
        assertThat(op(Operation.CREATE_BUCKET, "good-name").body(
                "<CreateBucketConfiguration><LocationConstraint>../x</LocationConstraint></CreateBucketConfiguration>")
                .fail().error()).isEqualTo(S3Error.INVALID_LOCATION_CONSTRAINT);
        assertThat(store.bucket("good-name")).isEmpty();
    }

    @Test
    void listBucketsWithPrefixAndPaging() throws Exception {
        for (String b : List.of("alpha", "beta-1", "beta-2", "beta-3", "gamma")) store.createBucket(b, "");
        String all = Ctx.text(op(Operation.LIST_BUCKETS, null).run());
        assertThat(all).contains("<ListAllMyBucketsResult xmlns=").contains("<Owner><ID>" + S3Settings.defaults().ownerId());
        assertThat(all(all, "Name")).containsExactly("alpha", "beta-1", "beta-2", "beta-3", "gamma");
        assertThat(all(all, "CreationDate")).hasSize(5);
        assertThat(one(all, "ContinuationToken")).isNull();

        String page = Ctx.text(op(Operation.LIST_BUCKETS, null).query("prefix=beta&max-buckets=2").run());
        assertThat(all(page, "Name")).containsExactly("beta-1", "beta-2");
        assertThat(one(page, "Prefix")).isEqualTo("beta");
        String token = one(page, "ContinuationToken");
        assertThat(token).isNotNull();
        String rest = Ctx.text(op(Operation.LIST_BUCKETS, null)
                .query("prefix=beta&max-buckets=2&continuation-token=" + token).run());
        assertThat(all(rest, "Name")).containsExactly("beta-3");
        assertThat(one(rest, "ContinuationToken")).isNull();

        assertThat(op(Operation.LIST_BUCKETS, null).query("max-buckets=0").fail().error())
                .isEqualTo(S3Error.INVALID_ARGUMENT);
    }

    // ---- DeleteObjects ----

    static String md5(String body) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void deleteObjectsReportsEachKey() throws Exception {
        store.bucketNow("bkt");
        store.put("bkt", "a", "1");
        store.put("bkt", "b", "2");
        String body = "<Delete><Object><Key>a</Key></Object><Object><Key>missing</Key><VersionId>null</VersionId>"
                + "</Object><Object><Key>" + "k".repeat(1025) + "</Key></Object>"
                + "<Object><Key>b</Key><VersionId>3HL4kqtJlcpXroDTDmJ</VersionId></Object></Delete>";
        String xml = Ctx.text(op(Operation.DELETE_OBJECTS, "bkt").query("delete").body(body)
                .header("Content-MD5", md5(body)).run());
        assertThat(xml).contains("<DeleteResult xmlns=");
        assertThat(xml).contains("<Deleted><Key>a</Key></Deleted>");
        assertThat(xml).contains("<Deleted><Key>missing</Key><VersionId>null</VersionId></Deleted>");
        assertThat(xml).contains("<Error><Key>" + "k".repeat(1025) + "</Key><Code>KeyTooLongError</Code>");
        assertThat(xml).contains("<Error><Key>b</Key><VersionId>3HL4kqtJlcpXroDTDmJ</VersionId><Code>InvalidArgument</Code>");
        assertThat(store.object("bkt", "a")).isNull();
        assertThat(store.object("bkt", "b")).isNotNull();
    }

    @Test
    void deleteObjectsQuietOnlyReportsErrors() throws Exception {
        store.bucketNow("bkt");
        store.put("bkt", "a", "1");
        String body = "<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object><Object><Key></Key></Object></Delete>";
        String xml = Ctx.text(op(Operation.DELETE_OBJECTS, "bkt").query("delete").body(body)
                .header("x-amz-checksum-crc32", crc32(body)).run());
        assertThat(xml).doesNotContain("<Deleted>").contains("<Error><Key></Key><Code>InvalidArgument</Code>");
        assertThat(store.object("bkt", "a")).isNull();
    }

    static String crc32(String body) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(body.getBytes(StandardCharsets.UTF_8));
        long v = c.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    @Test
    void deleteObjectsRequiresAndVerifiesIntegrityHeader() throws Exception {
        store.bucketNow("bkt");
        String body = "<Delete><Object><Key>a</Key></Object></Delete>";
        var missing = op(Operation.DELETE_OBJECTS, "bkt").query("delete").body(body).fail();
        assertThat(missing.error()).isEqualTo(S3Error.INVALID_REQUEST);
        assertThat(missing.getMessage()).isEqualTo("Missing required header for this request: Content-MD5");
        assertThat(op(Operation.DELETE_OBJECTS, "bkt").query("delete").body(body)
                .header("Content-MD5", md5("other")).fail().error()).isEqualTo(S3Error.BAD_DIGEST);
        assertThat(op(Operation.DELETE_OBJECTS, "bkt").query("delete").body(body)
                .header("x-amz-sdk-checksum-algorithm", "CRC32").header("x-amz-trailer", "x-amz-checksum-crc32")
                .trailer("x-amz-checksum-crc32", crc32(body)).run().status()).isEqualTo(200);
    }

    @Test
    void deleteObjectsRejectsMalformedBodiesAndMissingBucket() throws Exception {
        store.bucketNow("bkt");
        String empty = "<Delete></Delete>";
        assertThat(op(Operation.DELETE_OBJECTS, "bkt").query("delete").body(empty).header("Content-MD5", md5(empty))
                .fail().error()).isEqualTo(S3Error.MALFORMED_XML);
        StringBuilder sb = new StringBuilder("<Delete>");
        for (int i = 0; i < 1001; i++) sb.append("<Object><Key>k").append(i).append("</Key></Object>");
        String many = sb.append("</Delete>").toString();
        assertThat(op(Operation.DELETE_OBJECTS, "bkt").query("delete").body(many).header("Content-MD5", md5(many))
                .fail().error()).isEqualTo(S3Error.MALFORMED_XML);
        String ok = "<Delete><Object><Key>a</Key></Object></Delete>";
        assertThat(op(Operation.DELETE_OBJECTS, "nope").query("delete").body(ok).header("Content-MD5", md5(ok))
                .fail().error()).isEqualTo(S3Error.NO_SUCH_BUCKET);
    }
}
