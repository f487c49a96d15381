package io.granary.storage.local;

import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.PartInfo;
import io.granary.storage.PartWriter;
import io.granary.storage.StorageError;
import io.granary.storage.UploadListPage;
import io.granary.storage.UploadListQuery;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class MultipartTest {

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
    void threePartsWithSegmentsSpanningFilesAtArbitraryOffsets() throws Exception {
        ObjectMetadata md = ObjectMetadata.ofEtag("");
        String id = store.createMultipartUpload("b", "obj", md);
        MultipartUpload u = store.multipartUpload("b", "obj", id);
        assertThat(u.key()).isEqualTo("obj");
        assertThat(u.uploadId()).isEqualTo(id).matches("[0-9A-Za-z]+");
        byte[] p1 = bytes(1000, 1);
        byte[] p2 = bytes(777, 2);
        byte[] p3 = bytes(123, 3);
        putPart(store, "b", "obj", id, 3, p3);
        putPart(store, "b", "obj", id, 1, bytes(5, 9)); // replaced below
        putPart(store, "b", "obj", id, 1, p1);
        putPart(store, "b", "obj", id, 2, p2);
        List<PartInfo> parts = store.listParts("b", "obj", id, 0, 100);
        assertThat(parts).extracting(PartInfo::partNumber).containsExactly(1, 2, 3);
        assertThat(parts).extracting(PartInfo::size).containsExactly(1000L, 777L, 123L);
        assertThat(parts.getFirst().etag()).isEqualTo("part-etag-1");

        java.util.Set<Object> partInodes = fileKeys(dir.resolve("multipart/b").resolve(id), ".data");
        assertThat(partInodes).hasSize(3);
        ObjectInfo info = store.completeMultipartUpload("b", "obj", id, List.of(1, 2, 3),
                ObjectMetadata.ofEtag("abc-3"), WriteCondition.NONE);
        // the object's segments are the very part files (linked or moved), not copies
        assertThat(fileKeys(new io.granary.storage.local.internal.Layout(dir).objectDir("b", "obj"), ""))
                .containsAll(partInodes);
        assertThat(info.size()).isEqualTo(1900);
        assertThat(info.etag()).isEqualTo("abc-3");
        assertThat(info.metadata().partSizes()).containsExactly(1000L, 777L, 123L);
        byte[] whole = concat(p1, p2, p3);
        assertThat(read(store, "b", "obj")).isEqualTo(whole);

        Random rnd = new Random(42);
        try (ObjectReader r = store.openObject("b", "obj")) {
            assertThat(r.segments(0, 1900)).hasSize(3);
            assertThat(r.segments(990, 800)).hasSize(3);
            assertThat(r.segments(1000, 777)).hasSize(1);
            assertThat(r.segments(1000, 0)).isEmpty();
            for (int i = 0; i < 300; i++) {
                int off = rnd.nextInt(1901);
                int len = rnd.nextInt(1901 - off);
                assertThat(readRange(r, off, len)).isEqualTo(Arrays.copyOfRange(whole, off, off + len));
            }
        }
        assertThat(errorOf(() -> store.multipartUpload("b", "obj", id))).isEqualTo(StorageError.NO_SUCH_UPLOAD);
        assertThat(entriesUnder(dir.resolve("multipart/b"))).hasSize(1);
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void completeWithSubsetOfPartsAndCallerPartSizes() {
        String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
        for (int n = 1; n <= 4; n++) {
            putPart(store, "b", "k", id, n, bytes(10 * n, n));
        }
        ObjectMetadata md = new ObjectMetadata("x-2", null, null, null, null, null, null, null, null, null, null,
                List.of(20L, 40L), List.of(), null, null);
        ObjectInfo info = store.completeMultipartUpload("b", "k", id, List.of(2, 4), md, WriteCondition.NONE);
        assertThat(info.metadata().partSizes()).containsExactly(20L, 40L);
        assertThat(read(store, "b", "k")).isEqualTo(concat(bytes(20, 2), bytes(40, 4)));
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(3);
    }

    @Test
    void errors() {
        String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
        putPart(store, "b", "k", id, 1, bytes(10, 1));
        assertThat(errorOf(() -> store.completeMultipartUpload("b", "k", id, List.of(1, 2),
                ObjectMetadata.ofEtag("e"), WriteCondition.NONE))).isEqualTo(StorageError.INVALID_PART);
        assertThat(errorOf(() -> store.completeMultipartUpload("b", "k", id, List.of(),
                ObjectMetadata.ofEtag("e"), WriteCondition.NONE))).isEqualTo(StorageError.INVALID_PART);
        assertThat(errorOf(() -> store.newPartWriter("b", "k", id, 0))).isEqualTo(StorageError.INVALID_PART);
        assertThat(errorOf(() -> store.newPartWriter("b", "k", id, 10_001))).isEqualTo(StorageError.INVALID_PART);
        assertThat(errorOf(() -> store.newPartWriter("b", "k", "nope", 1))).isEqualTo(StorageError.NO_SUCH_UPLOAD);
        assertThat(errorOf(() -> store.newPartWriter("b", "other", id, 1))).isEqualTo(StorageError.NO_SUCH_UPLOAD);
        assertThat(errorOf(() -> store.listParts("b", "k", "../../x", 0, 10))).isEqualTo(StorageError.NO_SUCH_UPLOAD);
        assertThat(errorOf(() -> store.abortMultipartUpload("b", "k", "nope"))).isEqualTo(StorageError.NO_SUCH_UPLOAD);
        // a failed condition leaves the upload intact
        put(store, "b", "k", "existing");
        assertThat(errorOf(() -> store.completeMultipartUpload("b", "k", id, List.of(1),
                ObjectMetadata.ofEtag("e"), WriteCondition.IF_ABSENT))).isEqualTo(StorageError.PRECONDITION_FAILED);
        assertThat(readString(store, "b", "k")).isEqualTo("existing");
        assertThat(store.listParts("b", "k", id, 0, 10)).hasSize(1);
        store.completeMultipartUpload("b", "k", id, List.of(1), ObjectMetadata.ofEtag("e"),
                WriteCondition.ifEtagMatches(store.headObject("b", "k").etag()));
        assertThat(read(store, "b", "k")).isEqualTo(bytes(10, 1));
    }

    @Test
    void abortRemovesEverythingAndStopsPartWriters() {
        String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
        putPart(store, "b", "k", id, 1, bytes(10, 1));
        PartWriter pending = store.newPartWriter("b", "k", id, 2);
        pending.write(ByteBuffer.wrap(bytes(5, 5)));
        store.abortMultipartUpload("b", "k", id);
        assertThat(errorOf(() -> pending.commit("e", null))).isEqualTo(StorageError.NO_SUCH_UPLOAD);
        assertThat(errorOf(() -> store.abortMultipartUpload("b", "k", id))).isEqualTo(StorageError.NO_SUCH_UPLOAD);
        assertThat(entriesUnder(dir.resolve("multipart/b"))).hasSize(1);
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void listPartsPaging() {
        String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
        for (int n : new int[] {7, 1, 3, 10, 5}) {
            putPart(store, "b", "k", id, n, bytes(n, n));
        }
        assertThat(store.listParts("b", "k", id, 0, 2)).extracting(PartInfo::partNumber).containsExactly(1, 3);
        assertThat(store.listParts("b", "k", id, 3, 2)).extracting(PartInfo::partNumber).containsExactly(5, 7);
        assertThat(store.listParts("b", "k", id, 7, 2)).extracting(PartInfo::partNumber).containsExactly(10);
        assertThat(store.listParts("b", "k", id, 10, 2)).isEmpty();
    }

    @Test
    void listMultipartUploads() {
        String a1 = store.createMultipartUpload("b", "a", ObjectMetadata.ofEtag(""));
        String c1 = store.createMultipartUpload("b", "dir/c", ObjectMetadata.ofEtag(""));
        String a2 = store.createMultipartUpload("b", "a", ObjectMetadata.ofEtag(""));
        String b1 = store.createMultipartUpload("b", "b", ObjectMetadata.ofEtag(""));
        store.createMultipartUpload("b", "dir/d", ObjectMetadata.ofEtag(""));
        assertThat(a1.compareTo(a2)).isNegative();

        UploadListPage all = store.listMultipartUploads("b", new UploadListQuery("", null, "", "", 1000));
        assertThat(all.uploads()).extracting(MultipartUpload::uploadId).containsExactly(a1, a2, b1, c1,
                all.uploads().get(4).uploadId());
        assertThat(all.uploads().get(0).initiated()).isBefore(all.uploads().get(1).initiated());
        assertThat(all.truncated()).isFalse();

        UploadListPage p1 = store.listMultipartUploads("b", new UploadListQuery("", "/", "", "", 2));
        assertThat(p1.uploads()).extracting(MultipartUpload::uploadId).containsExactly(a1, a2);
        assertThat(p1.truncated()).isTrue();
        assertThat(p1.nextKeyMarker()).isEqualTo("a");
        assertThat(p1.nextUploadIdMarker()).isEqualTo(a2);
        UploadListPage p2 = store.listMultipartUploads("b",
                new UploadListQuery("", "/", p1.nextKeyMarker(), p1.nextUploadIdMarker(), 2));
        assertThat(p2.uploads()).extracting(MultipartUpload::uploadId).containsExactly(b1);
        assertThat(p2.commonPrefixes()).containsExactly("dir/");
        assertThat(p2.truncated()).isFalse();

        UploadListPage mid = store.listMultipartUploads("b", new UploadListQuery("", null, "a", a1, 10));
        assertThat(mid.uploads()).extracting(MultipartUpload::uploadId).startsWith(a2, b1);
        UploadListPage afterKey = store.listMultipartUploads("b", new UploadListQuery("", null, "a", "", 10));
        assertThat(afterKey.uploads()).extracting(MultipartUpload::key).containsExactly("b", "dir/c", "dir/d");
        UploadListPage prefixed = store.listMultipartUploads("b", new UploadListQuery("dir/", "/", "", "", 1));
        assertThat(prefixed.uploads()).extracting(MultipartUpload::uploadId).containsExactly(c1);
        assertThat(prefixed.truncated()).isTrue();
        UploadListPage afterGroup = store.listMultipartUploads("b", new UploadListQuery("", "/", "dir/", "", 10));
        assertThat(afterGroup.uploads()).isEmpty();
        assertThat(afterGroup.commonPrefixes()).isEmpty();
    }

    @Test
    void tenThousandTinyPartsCompleteFastWithoutReadingData() {
        LocalObjectStore fast = store;
        String id = fast.createMultipartUpload("b", "huge", ObjectMetadata.ofEtag(""));
        long tUpload = System.nanoTime();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<Integer> numbers = new ArrayList<>();
        for (int n = 1; n <= 10_000; n++) {
            byte[] data = new byte[] {(byte) n, (byte) (n >> 8), (byte) (n % 7)};
            byte[] part = n % 1000 == 0 ? new byte[0] : data; // some empty parts too
            putPart(fast, "b", "huge", id, n, part);
            expected.writeBytes(part);
            numbers.add(n);
        }
        long heapBefore = usedHeap();
        long t0 = System.nanoTime();
        ObjectInfo info = fast.completeMultipartUpload("b", "huge", id, numbers, ObjectMetadata.ofEtag("x-10000"),
                WriteCondition.NONE);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("10000 parts: upload %d ms, complete %d ms%n", (t0 - tUpload) / 1_000_000, millis);
        assertThat(millis).as("complete of 10000 parts took %d ms", millis).isLessThan(20_000);
        assertThat(usedHeap() - heapBefore).isLessThan(200L * 1024 * 1024);
        assertThat(info.size()).isEqualTo(expected.size());
        assertThat(info.metadata().partSizes()).hasSize(10_000);
        assertThat(read(fast, "b", "huge")).isEqualTo(expected.toByteArray());
        // reads survive a restart and any range works (the reader opens files on demand)
        fast.close();
        store = open(dir);
        byte[] all = expected.toByteArray();
        try (ObjectReader r = store.openObject("b", "huge")) {
            assertThat(readRange(r, 0, all.length)).isEqualTo(all);
            assertThat(readRange(r, 14_000, 5_000)).isEqualTo(Arrays.copyOfRange(all, 14_000, 19_000));
        }
        assertThat(entriesUnder(dir.resolve("multipart/b"))).hasSize(1);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void restartPreservesUploadsInProgressAndObjects() {
        String id = store.createMultipartUpload("b", "k", new ObjectMetadata("", "text/x", null, null, null, null,
                null, java.util.Map.of("m", "v"), null, null, null, null, null, null, null));
        putPart(store, "b", "k", id, 2, bytes(50, 2));
        putPart(store, "b", "k", id, 1, bytes(60, 1));
        put(store, "b", "plain", "plain");
        store.close();
        store = open(dir);
        MultipartUpload u = store.multipartUpload("b", "k", id);
        assertThat(u.metadata().contentType()).isEqualTo("text/x");
        assertThat(u.metadata().userMetadata()).containsEntry("m", "v");
        assertThat(store.listParts("b", "k", id, 0, 10)).extracting(PartInfo::size).containsExactly(60L, 50L);
        putPart(store, "b", "k", id, 3, bytes(5, 3));
        store.completeMultipartUpload("b", "k", id, List.of(1, 2, 3), ObjectMetadata.ofEtag("e-3"),
                WriteCondition.NONE);
        store.close();
        store = open(dir);
        assertThat(read(store, "b", "k")).isEqualTo(concat(bytes(60, 1), bytes(50, 2), bytes(5, 3)));
        assertThat(readString(store, "b", "plain")).isEqualTo("plain");
        assertThat(store.listMultipartUploads("b", new UploadListQuery("", null, "", "", 10)).uploads()).isEmpty();
    }

    @Test
    void overwritingAMultipartObjectRemovesAllItsSegments() {
        String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
        IntStream.rangeClosed(1, 5).forEach(n -> putPart(store, "b", "k", id, n, bytes(3, n)));
        store.completeMultipartUpload("b", "k", id, List.of(1, 2, 3, 4, 5), ObjectMetadata.ofEtag("e"),
                WriteCondition.NONE);
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(6);
        put(store, "b", "k", "single");
        // the small replacement is inline: its metadata file is all that is left
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(1);
        store.deleteObject("b", "k");
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).isEmpty();
    }

    static java.util.Set<Object> fileKeys(Path folder, String suffix) throws java.io.IOException {
        java.util.Set<Object> keys = new java.util.HashSet<>();
        try (var s = java.nio.file.Files.list(folder)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(suffix) && !name.endsWith("meta")) {
                    keys.add(java.nio.file.Files.readAttributes(p,
                            java.nio.file.attribute.BasicFileAttributes.class).fileKey());
                }
            }
        }
        return keys;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
