package io.granary.it.sdk;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.S3Expect;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** DeleteObjects (verbose, quiet, VersionId null), ListObjectVersions, ListObjects v1 with markers. */
class SdkDeleteAndListingTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    private static List<ObjectIdentifier> ids(String... keys) {
        List<ObjectIdentifier> out = new ArrayList<>();
        for (String k : keys) {
            out.add(ObjectIdentifier.builder().key(k).build());
        }
        return out;
    }

    private static List<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void deleteObjectsVerbose() {
        for (S3Client s3 : new S3Client[] {granary.s3(), granary.s3WhenRequired()}) {
            String bucket = granary.createBucket("multi-delete");
            for (String k : List.of("a", "b/c", "d e", "keep")) {
                s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
            }
            var r = S3Expect.ok(granary, "DeleteObjects", () -> s3.deleteObjects(b -> b.bucket(bucket)
                    .delete(d -> d.objects(ids("a", "b/c", "d e", "does-not-exist")))));
            assertThat(r.deleted()).extracting(DeletedObject::key).as("%s", granary.recorder().describeLast())
                    .containsExactlyInAnyOrder("a", "b/c", "d e", "does-not-exist");
            assertThat(r.errors()).isEmpty();
            assertThat(keys(s3, bucket)).containsExactly("keep");
        }
    }

    @Test
    void deleteObjectsQuiet() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("quiet-delete");
        for (int i = 0; i < 12; i++) {
            int n = i;
            s3.putObject(b -> b.bucket(bucket).key("k" + n), RequestBody.fromString("v"));
        }
        var r = S3Expect.ok(granary, "DeleteObjects quiet", () -> s3.deleteObjects(b -> b.bucket(bucket)
                .delete(d -> d.quiet(true).objects(ids("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9",
                        "k10", "nothing")))));
        assertThat(r.deleted()).as("quiet mode reports no successes").isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(keys(s3, bucket)).containsExactly("k11");
    }

    @Test
    void deleteObjectsWithNullVersionId() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("null-version");
        s3.putObject(b -> b.bucket(bucket).key("v1"), RequestBody.fromString("x"));
        s3.putObject(b -> b.bucket(bucket).key("v2"), RequestBody.fromString("y"));
        var r = S3Expect.ok(granary, "DeleteObjects with VersionId=null", () -> s3.deleteObjects(b -> b
                .bucket(bucket).delete(d -> d.objects(
                        ObjectIdentifier.builder().key("v1").versionId("null").build(),
                        ObjectIdentifier.builder().key("v2").build()))));
        assertThat(r.errors()).as("%s", granary.recorder().describeLast()).isEmpty();
        assertThat(r.deleted()).extracting(DeletedObject::key).containsExactlyInAnyOrder("v1", "v2");
        assertThat(keys(s3, bucket)).isEmpty();
        // DeleteObject with versionId=null too
        s3.putObject(b -> b.bucket(bucket).key("v3"), RequestBody.fromString("z"));
        S3Expect.ok(granary, "DeleteObject ?versionId=null",
                () -> s3.deleteObject(b -> b.bucket(bucket).key("v3").versionId("null")));
        assertThat(keys(s3, bucket)).isEmpty();
    }

    @Test
    void deleteObjectsOnMissingBucket() {
        S3Expect.error(granary, 404, "NoSuchBucket", () -> granary.s3().deleteObjects(b -> b
                .bucket(GranaryServerExtension.bucketName("nope")).delete(d -> d.objects(ids("a")))));
    }

    @Test
    void listObjectVersionsOnUnversionedBucket() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("versions");
        byte[] a = TestData.bytes(10, 1);
        s3.putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromBytes(a));
        s3.putObject(b -> b.bucket(bucket).key("dir/b"), RequestBody.fromString("bb"));
        s3.putObject(b -> b.bucket(bucket).key("dir/c"), RequestBody.fromString("ccc"));
        var r = S3Expect.ok(granary, "ListObjectVersions", () -> s3.listObjectVersions(b -> b.bucket(bucket)));
        assertThat(r.versions()).extracting(ObjectVersion::key).containsExactly("a", "dir/b", "dir/c");
        assertThat(r.versions()).allSatisfy(v -> {
            assertThat(v.versionId()).as("unversioned objects have version id \"null\"").isEqualTo("null");
            assertThat(v.isLatest()).isTrue();
            assertThat(v.lastModified()).isNotNull();
        });
        assertThat(r.versions().getFirst().size()).isEqualTo(10L);
        assertThat(r.versions().getFirst().eTag()).isEqualTo(TestData.etagOf(a));
        assertThat(r.deleteMarkers()).isEmpty();
        assertThat(r.isTruncated()).isFalse();

        var delim = s3.listObjectVersions(b -> b.bucket(bucket).delimiter("/"));
        assertThat(delim.versions()).extracting(ObjectVersion::key).containsExactly("a");
        assertThat(delim.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("dir/");

        var paged = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(2));
        assertThat(paged.versions()).hasSize(2);
        assertThat(paged.isTruncated()).isTrue();
        assertThat(paged.nextKeyMarker()).isEqualTo("dir/b");
        var rest = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(2).keyMarker(paged.nextKeyMarker())
                .versionIdMarker(paged.nextVersionIdMarker()));
        assertThat(rest.versions()).extracting(ObjectVersion::key).containsExactly("dir/c");
        assertThat(rest.isTruncated()).isFalse();

        // GetObject / HeadObject with versionId=null address the object
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("a").versionId("null")).asByteArray()).isEqualTo(a);
    }

    @Test
    void listObjectsV1WithMarker() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("v1-marker");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add("obj-%02d".formatted(i));
        }
        all.add("sub/one");
        all.add("sub/two");
        for (String k : all) {
            s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
        }
        // marker paging without delimiter: next marker is the last key of the page
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        while (true) {
            String m = marker;
            var page = S3Expect.ok(granary, "ListObjects v1 marker=" + m,
                    () -> s3.listObjects(b -> b.bucket(bucket).maxKeys(5).marker(m)));
            assertThat(page.maxKeys()).isEqualTo(5);
            page.contents().forEach(o -> seen.add(o.key()));
            pages++;
            if (!page.isTruncated() || pages > 10) {
                break;
            }
            marker = page.nextMarker() != null ? page.nextMarker() : page.contents().getLast().key();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(all.stream().sorted().toList());

        var afterMarker = s3.listObjects(b -> b.bucket(bucket).marker("obj-10"));
        assertThat(afterMarker.contents()).extracting(S3Object::key)
                .containsExactly("obj-11", "sub/one", "sub/two");
        assertThat(afterMarker.marker()).isEqualTo("obj-10");

        // with a delimiter, S3 returns NextMarker on truncated pages
        var d1 = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(12));
        assertThat(d1.contents()).hasSize(12);
        assertThat(d1.isTruncated()).isTrue();
        assertThat(d1.nextMarker()).isEqualTo("obj-11");
        var d2 = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(12).marker(d1.nextMarker()));
        assertThat(d2.contents()).isEmpty();
        assertThat(d2.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("sub/");
        assertThat(d2.isTruncated()).isFalse();
    }

    @Test
    void listOnEmptyBucketAndMaxKeysZero() {
        S3Client s3 = granary.s3();
        String bucket = granary.createBucket("empty-list");
        var r = s3.listObjectsV2(b -> b.bucket(bucket));
        assertThat(r.contents()).isEmpty();
        assertThat(r.keyCount()).isZero();
        assertThat(r.isTruncated()).isFalse();
        assertThat(r.name()).isEqualTo(bucket);
        s3.putObject(b -> b.bucket(bucket).key("x"), RequestBody.fromString("x"));
        var zero = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(0));
        assertThat(zero.contents()).isEmpty();
        assertThat(zero.keyCount()).isZero();
    }
}
