package io.granary.storage.local;

import io.granary.storage.ListQuery;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.PartInfo;
import io.granary.storage.StorageError;
import io.granary.storage.UploadListQuery;
import io.granary.storage.WriteCondition;
import io.granary.storage.local.internal.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class CrashRecoveryTest {

    @TempDir
    Path dir;

    private Path objectDir(String bucket, String key) {
        return new Layout(dir).objectDir(bucket, key);
    }

    private static Path dataFileOf(Path objectDir) throws Exception {
        try (var s = Files.list(objectDir)) {
            return s.filter(p -> !p.getFileName().toString().equals("meta")).findFirst().orElseThrow();
        }
    }

    @Test
    void leftoversAreCleanedAndNothingPartialIsVisible() throws Exception {
        try (LocalObjectStore store = open(dir, 0)) { // every object in a data file
            store.createBucket("b", "");
            put(store, "b", "good", "good data");
            put(store, "b", "orphaned", "kept");
            put(store, "b", "missing-data", "gone");
            put(store, "b", "corrupt-meta", "gone");
            put(store, "b", "short-data", "gone");
        }
        // 1. temp files and folders of interrupted writes
        Files.writeString(dir.resolve("tmp/abc.data"), "half-written");
        Files.createDirectories(dir.resolve("tmp/xyz.bucket/objects"));
        // 2. a data file of a version whose metadata never landed, beside a committed one
        Path orphan = objectDir("b", "orphaned").resolve("0123456789abcdef0123456789abcdef.0");
        Files.writeString(orphan, "uncommitted");
        // 3. metadata pointing to a missing data file
        Files.delete(dataFileOf(objectDir("b", "missing-data")));
        // 4. corrupt metadata
        Path meta = objectDir("b", "corrupt-meta").resolve("meta");
        byte[] bytes = Files.readAllBytes(meta);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(meta, bytes);
        // 5. data file of the wrong size (torn write)
        Files.writeString(dataFileOf(objectDir("b", "short-data")), "go");
        // 6. an object folder that only holds data (crash before the first metadata write)
        Path half = objectDir("b", "never-committed");
        Files.createDirectories(half);
        Files.writeString(half.resolve("fedcba9876543210fedcba9876543210.0"), "partial");
        // 7. a folder with a garbage metadata file
        Path junk = objectDir("b", "junk");
        Files.createDirectories(junk);
        Files.writeString(junk.resolve("meta"), "not a metadata file");

        try (LocalObjectStore store = open(dir)) {
            assertThat(entriesUnder(dir.resolve("tmp"))).containsExactly(dir.resolve("tmp"));
            assertThat(readString(store, "b", "good")).isEqualTo("good data");
            assertThat(readString(store, "b", "orphaned")).isEqualTo("kept");
            assertThat(orphan).doesNotExist();
            for (String gone : List.of("missing-data", "corrupt-meta", "short-data", "never-committed", "junk")) {
                assertThat(errorOf(() -> store.headObject("b", gone))).as(gone).isEqualTo(StorageError.NO_SUCH_KEY);
                assertThat(objectDir("b", gone)).as(gone).doesNotExist();
            }
            assertThat(store.listObjects("b", new ListQuery("", null, "", 100)).objects())
                    .extracting(o -> o.key()).containsExactly("good", "orphaned");
            // two objects: one metadata and one data file each
            assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(4);
        }
    }

    @Test
    void multipartLeftoversAreCleaned() throws Exception {
        String live;
        String completed;
        String corrupt;
        Path savedCompleted = dir.resolve("saved");
        try (LocalObjectStore store = open(dir)) {
            store.createBucket("b", "");
            store.createBucket("gone", "");
            live = store.createMultipartUpload("b", "live", ObjectMetadata.ofEtag(""));
            putPart(store, "b", "live", live, 1, bytes(10, 1));
            putPart(store, "b", "live", live, 2, bytes(20, 2));
            putPart(store, "b", "live", live, 3, bytes(30, 3));
            completed = store.createMultipartUpload("b", "done", ObjectMetadata.ofEtag(""));
            putPart(store, "b", "done", completed, 1, bytes(10, 4));
            corrupt = store.createMultipartUpload("b", "corrupt", ObjectMetadata.ofEtag(""));
            copyTree(dir.resolve("multipart/b").resolve(completed), savedCompleted);
            store.completeMultipartUpload("b", "done", completed, List.of(1), ObjectMetadata.ofEtag("e-1"),
                    WriteCondition.NONE);
        }
        Path liveDir = dir.resolve("multipart/b").resolve(live);
        // crash after the object was committed but before the upload folder went away
        copyTree(savedCompleted, dir.resolve("multipart/b").resolve(completed));
        FsDelete.tree(savedCompleted);
        // part 2's data vanished; an orphan part data file; a half-moved part
        try (var s = Files.list(liveDir)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith("part-2.") && p.toString().endsWith(".data")) {
                    Files.delete(p);
                }
            }
        }
        Files.writeString(liveDir.resolve("part-4.0123456789abcdef0123456789abcdef.data"), "orphan");
        Files.writeString(dir.resolve("multipart/b").resolve(corrupt).resolve("upload.meta"), "garbage");
        // uploads of a bucket that no longer exists
        FsDelete.tree(dir.resolve("buckets/gone"));
        Files.createDirectories(dir.resolve("multipart/b/not-an-upload-id"));

        try (LocalObjectStore store = open(dir)) {
            assertThat(store.bucket("gone")).isEmpty();
            assertThat(dir.resolve("multipart/gone")).doesNotExist();
            assertThat(store.listParts("b", "live", live, 0, 10)).extracting(PartInfo::partNumber)
                    .containsExactly(1, 3);
            assertThat(liveDir.resolve("part-4.0123456789abcdef0123456789abcdef.data")).doesNotExist();
            assertThat(errorOf(() -> store.multipartUpload("b", "done", completed)))
                    .isEqualTo(StorageError.NO_SUCH_UPLOAD);
            assertThat(read(store, "b", "done")).isEqualTo(bytes(10, 4));
            assertThat(errorOf(() -> store.multipartUpload("b", "corrupt", corrupt)))
                    .isEqualTo(StorageError.NO_SUCH_UPLOAD);
            assertThat(store.listMultipartUploads("b", new UploadListQuery("", null, "", "", 10)).uploads())
                    .extracting(u -> u.uploadId()).containsExactly(live);
            try (var s = Files.list(dir.resolve("multipart/b"))) {
                assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(live);
            }
        }
    }

    @Test
    void corruptBucketMetadataKeepsObjects() throws Exception {
        try (LocalObjectStore store = open(dir)) {
            store.createBucket("b", "us-east-2");
            put(store, "b", "k", "v");
        }
        Files.writeString(dir.resolve("buckets/b/bucket.meta"), "broken");
        try (LocalObjectStore store = open(dir)) {
            assertThat(store.bucket("b")).isPresent();
            assertThat(readString(store, "b", "k")).isEqualTo("v");
        }
        try (LocalObjectStore store = open(dir)) {
            assertThat(store.bucket("b").orElseThrow().region()).isEmpty();
        }
    }

    @Test
    void bucketMetadataSurvivesRestart() {
        java.time.Instant created;
        try (LocalObjectStore store = open(dir)) {
            created = store.createBucket("b", "eu-central-1").created();
        }
        try (LocalObjectStore store = open(dir)) {
            assertThat(store.bucket("b").orElseThrow())
                    .isEqualTo(new io.granary.storage.BucketInfo("b", created, "eu-central-1"));
        }
    }

    private static final class FsDelete {
        static void tree(Path p) throws Exception {
            io.granary.storage.local.internal.FsUtil.deleteRecursively(p);
        }
    }
}
