package io.granary.it.sdk;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.S3Expect;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Awkward keys, user metadata, standard headers, response-* overrides and CopyObject directives. */
class SdkKeysMetadataCopyTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    static List<String> awkwardKeys() {
        return List.of(
                "with space",
                "  leading and trailing spaces  ",
                "plus+sign",
                "equals=sign&amp=x",
                "star*key",
                "percent%20not-decoded%",
                "question?mark#hash",
                "semi;colon,comma:colon@at!bang$dollar'quote(paren)",
                "unicode/\u00e9t\u00e9/\u65e5\u672c\u8a9e/\uD83D\uDE00",
                "double//slash",
                "trailing/slash/",
                "/leading-slash",
                "//two-leading",
                "dots/../up",
                "dots/./here",
                "..",
                "../escape",
                "tilde~and_underscore-dash.dot",
                "brackets[{<>}]|^`\\back",
                "tab\there",
                "a".repeat(1024));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("awkwardKeys")
    void awkwardKeyRoundTrips(String key) {
        S3Client s3 = granary.s3();
        String bucket = bucket();
        byte[] data = ("content of " + key).getBytes(StandardCharsets.UTF_8);
        S3Expect.ok(granary, "PutObject key=" + key,
                () -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data)));
        var got = S3Expect.ok(granary, "GetObject key=" + key,
                () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)));
        assertThat(got.asByteArray()).as("body of %s; %s", key, granary.recorder().describeLast()).isEqualTo(data);
        S3Expect.ok(granary, "HeadObject key=" + key, () -> s3.headObject(b -> b.bucket(bucket).key(key)));
        // listing with the key itself as prefix finds exactly that key (SDK uses encoding-type=url)
        var listed = s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().stream().map(S3Object::key)
                .toList();
        assertThat(listed).as("ListObjectsV2 prefix=%s; %s", key, granary.recorder().describeLast()).contains(key);
        var v1 = s3.listObjects(b -> b.bucket(bucket).prefix(key)).contents().stream().map(S3Object::key).toList();
        assertThat(v1).as("ListObjects (v1) prefix=%s", key).contains(key);
        // copy to and from the awkward key
        String copies = copiesBucket();
        S3Expect.ok(granary, "CopyObject from key=" + key, () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey(key).destinationBucket(copies).destinationKey(key)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(copies).key(key)).asByteArray()).isEqualTo(data);
    }

    @Test
    void listReturnsEveryAwkwardKeyExactly() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("awkward-list");
        for (String k : awkwardKeys()) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString("x"));
        }
        List<String> expected = awkwardKeys().stream().sorted(SdkKeysMetadataCopyTest::utf8Order).toList();
        List<String> v2 = s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(4)).contents().stream()
                .map(S3Object::key).toList();
        assertThat(v2).as("ListObjectsV2: all keys exactly, in UTF-8 binary order").containsExactlyElementsOf(expected);
        List<String> v1 = new ArrayList<>();
        String marker = null;
        for (int page = 0; page < 20; page++) {
            String m = marker;
            var r = s3.listObjects(b -> b.bucket(bucket).maxKeys(5).marker(m));
            r.contents().forEach(o -> v1.add(o.key()));
            if (!r.isTruncated()) {
                break;
            }
            marker = r.contents().getLast().key();
        }
        assertThat(v1).as("ListObjects v1").containsExactlyElementsOf(expected);
        var versions = s3.listObjectVersionsPaginator(b -> b.bucket(bucket)).versions().stream()
                .map(v -> v.key()).toList();
        assertThat(versions).as("ListObjectVersions").containsExactlyElementsOf(expected);
        // delimiter with awkward keys: "/" groups the leading-slash keys under "/"
        var top = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
        assertThat(top.commonPrefixes()).extracting(p -> p.prefix())
                .contains("/", "unicode/", "double/", "dots/", "trailing/", "../");
    }

    private static int utf8Order(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String shared;
    private static String copies;

    private static synchronized String copiesBucket() {
        if (copies == null) {
            copies = granary.createBucket("awkward-copies");
        }
        return copies;
    }

    private static synchronized String bucket() {
        if (shared == null) {
            shared = granary.createBucket("awkward");
        }
        return shared;
    }

    @Test
    void metadataAndStandardHeadersRoundTrip() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("meta");
        S3Expect.ok(granary, "PutObject with metadata", () -> s3.putObject(b -> b.bucket(bucket).key("m")
                .metadata(Map.of("color", "blue", "Mixed-Case", "Some Value", "empty-ish", "x y"))
                .contentType("application/vnd.granary+json")
                .contentDisposition("attachment; filename=\"report.json\"")
                .contentEncoding("identity")
                .contentLanguage("en-GB")
                .cacheControl("max-age=60, private")
                .expires(java.time.Instant.parse("2030-01-02T03:04:05Z")), RequestBody.fromString("{}")));
        var head = s3.headObject(b -> b.bucket(bucket).key("m"));
        assertThat(head.metadata()).as("user metadata (S3 lower-cases names); %s", granary.recorder().describeLast())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("color", "blue", "mixed-case", "Some Value", "empty-ish", "x y"));
        assertThat(head.contentType()).isEqualTo("application/vnd.granary+json");
        assertThat(head.contentDisposition()).isEqualTo("attachment; filename=\"report.json\"");
        assertThat(head.contentEncoding()).isEqualTo("identity");
        assertThat(head.contentLanguage()).isEqualTo("en-GB");
        assertThat(head.cacheControl()).isEqualTo("max-age=60, private");
        assertThat(head.expiresString()).isEqualTo("Wed, 02 Jan 2030 03:04:05 GMT");

        var get = s3.getObject(b -> b.bucket(bucket).key("m")).response();
        assertThat(get.metadata()).containsEntry("color", "blue").containsEntry("mixed-case", "Some Value");
        assertThat(get.contentDisposition()).isEqualTo("attachment; filename=\"report.json\"");
    }

    @Test
    void defaultContentTypeIsBinary() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("ctype");
        // The SDK sends application/octet-stream for RequestBody.fromBytes; S3 keeps what it was given.
        s3.putObject(b -> b.bucket(bucket).key("bin"), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("bin")).contentType())
                .isEqualTo("application/octet-stream");
    }

    @Test
    void responseHeaderOverrides() throws Exception {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("overrides");
        s3.putObject(b -> b.bucket(bucket).key("o").contentType("text/plain"), RequestBody.fromString("hello"));
        var r = S3Expect.ok(granary, "GetObject response-* overrides", () -> s3.getObject(b -> b.bucket(bucket)
                .key("o").responseContentType("application/x-override")
                .responseContentDisposition("attachment; filename=\"o.txt\"")
                .responseCacheControl("no-cache").responseContentLanguage("fr")
                .responseContentEncoding("identity")
                .responseExpires(java.time.Instant.parse("2031-05-06T07:08:09Z"))).response());
        assertThat(r.contentType()).as("%s", granary.recorder().describeLast()).isEqualTo("application/x-override");
        assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"o.txt\"");
        assertThat(r.cacheControl()).isEqualTo("no-cache");
        assertThat(r.contentLanguage()).isEqualTo("fr");
        assertThat(r.contentEncoding()).isEqualTo("identity");
        assertThat(r.expiresString()).isEqualTo("Tue, 06 May 2031 07:08:09 GMT");

        // the same through a presigned URL fetched by a plain HTTP client
        var p = granary.presigner().presignGetObject(x -> x.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("o").responseContentType("image/x-fancy")
                        .responseContentDisposition("inline")));
        HttpResponse<String> resp = granary.http().send(HttpRequest.newBuilder(p.url().toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).as("presigned GET %s -> %s", p.url(), resp.body()).isEqualTo(200);
        assertThat(resp.headers().firstValue("content-type")).hasValue("image/x-fancy");
        assertThat(resp.headers().firstValue("content-disposition")).hasValue("inline");
        assertThat(resp.body()).isEqualTo("hello");
        // stored content type unchanged
        assertThat(s3.headObject(b -> b.bucket(bucket).key("o")).contentType()).isEqualTo("text/plain");
    }

    @Test
    void copyObjectMetadataDirectives() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("copy-directive");
        byte[] data = TestData.bytes(4096, 8);
        s3.putObject(b -> b.bucket(bucket).key("src").contentType("text/x-src").metadata(Map.of("origin", "src"))
                .contentDisposition("inline"), RequestBody.fromBytes(data));

        // COPY (the default): metadata and content type come from the source; request values are ignored
        S3Expect.ok(granary, "CopyObject COPY", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst-copy").metadataDirective(MetadataDirective.COPY)
                .metadata(Map.of("ignored", "yes")).contentType("text/ignored")));
        var copy = s3.headObject(b -> b.bucket(bucket).key("dst-copy"));
        assertThat(copy.metadata()).as("COPY keeps source metadata").isEqualTo(Map.of("origin", "src"));
        assertThat(copy.contentType()).isEqualTo("text/x-src");
        assertThat(copy.contentDisposition()).isEqualTo("inline");
        assertThat(copy.eTag()).isEqualTo(TestData.etagOf(data));

        // REPLACE: only what the request says
        S3Expect.ok(granary, "CopyObject REPLACE", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst-replace").metadataDirective(MetadataDirective.REPLACE)
                .metadata(Map.of("fresh", "1")).contentType("application/x-new")));
        var replaced = s3.headObject(b -> b.bucket(bucket).key("dst-replace"));
        assertThat(replaced.metadata()).as("REPLACE metadata").isEqualTo(Map.of("fresh", "1"));
        assertThat(replaced.contentType()).isEqualTo("application/x-new");
        assertThat(replaced.contentDisposition()).as("REPLACE drops source Content-Disposition").isNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dst-replace")).asByteArray()).isEqualTo(data);

        // copying an object onto itself without changing anything is an error in S3 ...
        S3Expect.error(granary, 400, "InvalidRequest", () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("src").destinationBucket(bucket).destinationKey("src")));
        // ... but with REPLACE it is how metadata gets updated in place
        S3Expect.ok(granary, "CopyObject onto itself with REPLACE", () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("src").destinationBucket(bucket).destinationKey("src")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("origin", "updated"))));
        var self = s3.headObject(b -> b.bucket(bucket).key("src"));
        assertThat(self.metadata()).isEqualTo(Map.of("origin", "updated"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("src")).asByteArray()).isEqualTo(data);
    }

    @Test
    void copyObjectConditionsAndMissingSource() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("copy-cond");
        String etag = s3.putObject(b -> b.bucket(bucket).key("s"), RequestBody.fromString("abc")).eTag();
        S3Expect.error(granary, 412, "PreconditionFailed", () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("s").destinationBucket(bucket).destinationKey("d").copySourceIfMatch("\"nope\"")));
        S3Expect.ok(granary, "CopyObject x-amz-copy-source-if-match", () -> s3.copyObject(b -> b
                .sourceBucket(bucket).sourceKey("s").destinationBucket(bucket).destinationKey("d")
                .copySourceIfMatch(etag)));
        S3Expect.error(granary, 404, "NoSuchKey", () -> s3.copyObject(b -> b.sourceBucket(bucket)
                .sourceKey("missing").destinationBucket(bucket).destinationKey("d2")));
        List<String> keys = new ArrayList<>();
        s3.listObjectsV2(b -> b.bucket(bucket)).contents().forEach(o -> keys.add(o.key()));
        assertThat(keys).containsExactly("d", "s");
    }
}
