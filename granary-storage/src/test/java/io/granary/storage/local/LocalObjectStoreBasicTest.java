package io.granary.storage.local;

import io.granary.storage.BucketInfo;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectWriter;
import io.granary.storage.StorageError;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalObjectStoreBasicTest {

    @TempDir
    Path dir;
    LocalObjectStore store;

    @BeforeEach
    void setUp() {
        store = open(dir);
        store.createBucket("b", "");
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    @Test
    void bucketsLifecycle() {
        BucketInfo info = store.createBucket("zeta", "eu-west-1");
        assertThat(info.region()).isEqualTo("eu-west-1");
        store.createBucket("alpha", null);
        assertThat(store.listBuckets()).extracting(BucketInfo::name).containsExactly("alpha", "b", "zeta");
        assertThat(store.bucket("zeta")).contains(info);
        assertThat(store.bucket("nope")).isEmpty();
        assertThat(errorOf(() -> store.createBucket("zeta", ""))).isEqualTo(StorageError.BUCKET_ALREADY_EXISTS);
        store.deleteBucket("zeta");
        assertThat(store.bucket("zeta")).isEmpty();
        assertThat(errorOf(() -> store.deleteBucket("zeta"))).isEqualTo(StorageError.NO_SUCH_BUCKET);
    }

    @Test
    void rejectsUnsafeBucketNames() {
        for (String name : List.of("a/b", "..", "a..b", "/", ".", "", "a\\b", "x\u0000y")) {
            assertThat(errorOf(() -> store.createBucket(name, ""))).as(name)
                    .isEqualTo(StorageError.INVALID_BUCKET_NAME);
        }
        assertThat(store.bucket("../b")).isEmpty();
        assertThat(errorOf(() -> store.newObjectWriter("../b", "k"))).isEqualTo(StorageError.NO_SUCH_BUCKET);
    }

    @Test
    void missingBucketErrors() {
        assertThat(errorOf(() -> store.newObjectWriter("x", "k"))).isEqualTo(StorageError.NO_SUCH_BUCKET);
        assertThat(errorOf(() -> store.headObject("x", "k"))).isEqualTo(StorageError.NO_SUCH_BUCKET);
        assertThat(errorOf(() -> store.openObject("x", "k"))).isEqualTo(StorageError.NO_SUCH_BUCKET);
        assertThat(errorOf(() -> store.deleteObject("x", "k"))).isEqualTo(StorageError.NO_SUCH_BUCKET);
        assertThat(errorOf(() -> store.listObjects("x", new io.granary.storage.ListQuery("", null, "", 10))))
                .isEqualTo(StorageError.NO_SUCH_BUCKET);
        assertThat(errorOf(() -> store.createMultipartUpload("x", "k", ObjectMetadata.ofEtag(""))))
                .isEqualTo(StorageError.NO_SUCH_BUCKET);
    }

    @Test
    void putGetOverwriteDelete() {
        ObjectInfo first = put(store, "b", "k", "hello");
        assertThat(first.size()).isEqualTo(5);
        assertThat(first.key()).isEqualTo("k");
        assertThat(first.bucket()).isEqualTo("b");
        assertThat(readString(store, "b", "k")).isEqualTo("hello");
        assertThat(store.headObject("b", "k")).isEqualTo(first);

        put(store, "b", "k", "a longer second version");
        assertThat(readString(store, "b", "k")).isEqualTo("a longer second version");
        assertThat(store.headObject("b", "k").size()).isEqualTo(23);

        store.deleteObject("b", "k");
        assertThat(errorOf(() -> store.headObject("b", "k"))).isEqualTo(StorageError.NO_SUCH_KEY);
        assertThat(errorOf(() -> store.openObject("b", "k"))).isEqualTo(StorageError.NO_SUCH_KEY);
        store.deleteObject("b", "k"); // missing is fine
        // only bookkeeping is left behind: no data files
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).isEmpty();
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void emptyAndLargeObjects() {
        put(store, "b", "empty", new byte[0]);
        assertThat(read(store, "b", "empty")).isEmpty();
        byte[] big = bytes(3 * 1024 * 1024 + 17, 5);
        put(store, "b", "big", big);
        assertThat(read(store, "b", "big")).isEqualTo(big);
        try (ObjectReader r = store.openObject("b", "big")) {
            assertThat(readRange(r, 1_000_000, 12345))
                    .isEqualTo(java.util.Arrays.copyOfRange(big, 1_000_000, 1_012_345));
            assertThatThrownBy(() -> r.segments(0, big.length + 1L)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void oldDataFilesAreDeletedAfterOverwrite(@TempDir Path other) {
        try (LocalObjectStore files = open(other, 0)) {
            files.createBucket("b", "");
            for (int i = 0; i < 5; i++) {
                put(files, "b", "k", "v" + i);
            }
            // one metadata file and one data file
            assertThat(filesUnder(other.resolve("buckets/b/objects"))).hasSize(2);
            assertThat(readString(files, "b", "k")).isEqualTo("v4");
        }
    }

    @Test
    void invalidKeys() {
        String tooLong = "é".repeat(513); // 1026 bytes
        for (String key : new String[] {"", tooLong, "bad\uD800", "\uDC00x"}) {
            assertThat(errorOf(() -> store.newObjectWriter("b", key))).isEqualTo(StorageError.INVALID_KEY);
            assertThat(errorOf(() -> store.headObject("b", key))).isEqualTo(StorageError.INVALID_KEY);
        }
        String max = "é".repeat(512); // exactly 1024 bytes
        put(store, "b", max, "ok");
        assertThat(readString(store, "b", max)).isEqualTo("ok");
    }

    @Test
    void metadataRoundTripsAcrossRestart() {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("zz", "last-inserted-first");
        user.put("aa", "ünïcode ✓");
        ObjectMetadata md = new ObjectMetadata("abc123", "text/plain", "gzip", "attachment", "en", "no-cache",
                "Wed, 21 Oct 2015 07:28:00 GMT", user, ChecksumAlgorithm.CRC32C, "AAAAAA==",
                ChecksumType.FULL_OBJECT, List.of(), List.of(), "REDUCED_REDUNDANCY", Map.of("t", "v"));
        ObjectInfo info = put(store, "b", "k", "data".getBytes(), md, WriteCondition.NONE);
        assertThat(info.metadata()).isEqualTo(md);
        store.close();
        store = open(dir);
        ObjectInfo again = store.headObject("b", "k");
        assertThat(again).isEqualTo(info);
        assertThat(again.metadata().userMetadata().keySet()).containsExactly("zz", "aa");
        assertThat(store.bucket("b")).isPresent();
    }

    @Test
    void writeConditions() {
        ObjectInfo v1 = put(store, "b", "k", "one".getBytes(), ObjectMetadata.ofEtag("e1"), WriteCondition.IF_ABSENT);
        assertThat(v1.etag()).isEqualTo("e1");
        assertThat(errorOf(() -> put(store, "b", "k", "two".getBytes(), ObjectMetadata.ofEtag("e2"),
                WriteCondition.IF_ABSENT))).isEqualTo(StorageError.PRECONDITION_FAILED);
        assertThat(errorOf(() -> put(store, "b", "k", "two".getBytes(), ObjectMetadata.ofEtag("e2"),
                WriteCondition.ifEtagMatches("nope")))).isEqualTo(StorageError.PRECONDITION_FAILED);
        assertThat(errorOf(() -> put(store, "b", "missing", "x".getBytes(), ObjectMetadata.ofEtag("e2"),
                WriteCondition.ifEtagMatches("e1")))).isEqualTo(StorageError.PRECONDITION_FAILED);
        assertThat(readString(store, "b", "k")).isEqualTo("one");
        put(store, "b", "k", "two".getBytes(), ObjectMetadata.ofEtag("e2"), WriteCondition.ifEtagMatches("\"e1\""));
        assertThat(readString(store, "b", "k")).isEqualTo("two");
        assertThat(errorOf(() -> store.headObject("b", "missing"))).isEqualTo(StorageError.NO_SUCH_KEY);
        assertThat(store.headObject("b", "k").etag()).isEqualTo("e2");
    }

    @Test
    void failedConditionLeavesNoFiles() {
        put(store, "b", "k", "one");
        assertThat(errorOf(() -> put(store, "b", "k", "two".getBytes(), ObjectMetadata.ofEtag("e"),
                WriteCondition.IF_ABSENT))).isEqualTo(StorageError.PRECONDITION_FAILED);
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(1); // the inline object's metadata file
    }

    @Test
    void abortedAndUncommittedWritesAreInvisible() {
        ObjectWriter w = store.newObjectWriter("b", "k");
        w.write(ByteBuffer.wrap("partial".getBytes()));
        assertThat(w.size()).isEqualTo(7);
        assertThat(errorOf(() -> store.headObject("b", "k"))).isEqualTo(StorageError.NO_SUCH_KEY);
        w.abort();
        w.abort();
        w.close();
        assertThat(errorOf(() -> store.headObject("b", "k"))).isEqualTo(StorageError.NO_SUCH_KEY);
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
        assertThatThrownBy(() -> w.write(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deleteBucketRules() {
        put(store, "b", "k", "x");
        assertThat(errorOf(() -> store.deleteBucket("b"))).isEqualTo(StorageError.BUCKET_NOT_EMPTY);
        String upload = store.createMultipartUpload("b", "m", ObjectMetadata.ofEtag(""));
        putPart(store, "b", "m", upload, 1, "part".getBytes());
        store.deleteObject("b", "k");
        store.deleteBucket("b"); // uploads in progress do not count
        assertThat(store.bucket("b")).isEmpty();
        assertThat(entriesUnder(dir.resolve("buckets"))).containsExactly(dir.resolve("buckets"));
        assertThat(entriesUnder(dir.resolve("multipart"))).containsExactly(dir.resolve("multipart"));
        store.createBucket("b", "");
        assertThat(errorOf(() -> store.multipartUpload("b", "m", upload))).isEqualTo(StorageError.NO_SUCH_UPLOAD);
    }

    @Test
    void commitAfterBucketDeletedFails() {
        ObjectWriter w = store.newObjectWriter("b", "k");
        w.write(ByteBuffer.wrap("x".getBytes()));
        store.deleteBucket("b");
        assertThat(errorOf(() -> w.commit(ObjectMetadata.ofEtag("e"), WriteCondition.NONE)))
                .isEqualTo(StorageError.NO_SUCH_BUCKET);
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void secondOpenOfSameFolderIsRefused() {
        assertThat(errorOf(() -> open(dir))).isEqualTo(StorageError.INTERNAL);
    }

    @Test
    void closedStoreRefusesWork() {
        store.close();
        assertThat(errorOf(() -> store.headObject("b", "k"))).isEqualTo(StorageError.INTERNAL);
    }

    @Test
    void fsyncModeWorks(@TempDir Path other) {
        try (LocalObjectStore s = LocalObjectStore.open(other)) {
            assertThat(s.config().fsync()).isTrue();
            s.createBucket("b", "");
            put(s, "b", "k", "durable");
            assertThat(readString(s, "b", "k")).isEqualTo("durable");
        }
        try (LocalObjectStore s = LocalObjectStore.open(other)) {
            assertThat(readString(s, "b", "k")).isEqualTo("durable");
        }
    }
}
