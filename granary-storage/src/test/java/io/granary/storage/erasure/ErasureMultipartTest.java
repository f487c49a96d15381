package io.granary.storage.erasure;

import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.PartInfo;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.UploadListPage;
import io.granary.storage.UploadListQuery;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErasureMultipartTest {

    @TempDir
    Path base;

    @Test
    void partsAreCodedOnArrivalAndCompleteLinksThemWithoutCopying() throws Exception {
        List<Path> drives = drives(base, 6);
        SplittableRandom r = new SplittableRandom(5);
        byte[] p1 = random(r, 2 * BLOCK + 11);
        byte[] p2 = random(r, 1);
        byte[] p3 = random(r, 3 * BLOCK);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            String id = store.createMultipartUpload("b", "big", ObjectMetadata.ofEtag(""));
            putPart(store, "b", "big", id, 1, random(r, 100)); // replaced below
            putPart(store, "b", "big", id, 1, p1);
            putPart(store, "b", "big", id, 2, p2);
            putPart(store, "b", "big", id, 3, p3);
            assertThat(store.listParts("b", "big", id, 0, 10)).extracting(PartInfo::size)
                    .containsExactly((long) p1.length, 1L, (long) p3.length);
            assertThat(store.listParts("b", "big", id, 1, 1)).extracting(PartInfo::partNumber).containsExactly(2);
            List<Object> inodes = new ArrayList<>();
            for (Path f : filesUnder(drives.get(0).resolve("multipart"), ".shard")) {
                inodes.add(Files.getAttribute(f, "unix:ino"));
            }
            assertThat(inodes).hasSize(3);
            ObjectInfo info = store.completeMultipartUpload("b", "big", id, List.of(1, 2, 3),
                    ObjectMetadata.ofEtag("abc-3"), WriteCondition.NONE);
            assertThat(info.size()).isEqualTo(p1.length + 1 + p3.length);
            assertThat(info.metadata().partSizes()).containsExactly((long) p1.length, 1L, (long) p3.length);
            List<Object> objectInodes = new ArrayList<>();
            for (Path f : shardFiles(drives.get(0))) {
                objectInodes.add(Files.getAttribute(f, "unix:ino"));
            }
            assertThat(objectInodes).containsExactlyInAnyOrderElementsOf(inodes);
            byte[] all = DamageTest.concat(p1, p2, p3);
            assertThat(read(store, "b", "big")).isEqualTo(all);
            try (ObjectReader reader = store.openObject("b", "big")) {
                for (int i = 0; i < 30; i++) {
                    int off = r.nextInt(all.length + 1);
                    int len = r.nextInt(all.length - off + 1);
                    assertThat(readRange(reader, off, len)).isEqualTo(java.util.Arrays.copyOfRange(all, off,
                            off + len));
                }
            }
            for (Path d : drives) {
                assertThat(Files.exists(d.resolve("multipart/b").resolve(id))).isFalse();
            }
        }
        try (ErasureObjectStore store = open(drives)) {
            assertThat(read(store, "b", "big")).isEqualTo(DamageTest.concat(p1, p2, p3));
        }
    }

    @Test
    void subsetsErrorsAbortAndRestart() {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
            putPart(store, "b", "k", id, 2, "two".getBytes());
            putPart(store, "b", "k", id, 5, "five".getBytes());
            putPart(store, "b", "k", id, 7, "seven".getBytes());
            assertThatThrownBy(() -> store.completeMultipartUpload("b", "k", id, List.of(5, 2),
                    ObjectMetadata.ofEtag("x"), WriteCondition.NONE))
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.INVALID_PART);
            assertThatThrownBy(() -> store.completeMultipartUpload("b", "k", id, List.of(3),
                    ObjectMetadata.ofEtag("x"), WriteCondition.NONE))
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.INVALID_PART);
            assertThatThrownBy(() -> store.newPartWriter("b", "k", "nope", 1))
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.NO_SUCH_UPLOAD);
            assertThatThrownBy(() -> store.newPartWriter("b", "k", id, 10_001))
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.INVALID_PART);
            String other = store.createMultipartUpload("b", "a/x", ObjectMetadata.ofEtag(""));
            String aborted = store.createMultipartUpload("b", "z", ObjectMetadata.ofEtag(""));
            putPart(store, "b", "z", aborted, 1, new byte[3 * BLOCK]);
            store.abortMultipartUpload("b", "z", aborted);
            assertThatThrownBy(() -> store.multipartUpload("b", "z", aborted))
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.NO_SUCH_UPLOAD);
            for (Path d : drives) {
                assertThat(Files.exists(d.resolve("multipart/b").resolve(aborted))).isFalse();
            }
            UploadListPage page = store.listMultipartUploads("b", new UploadListQuery("", "/", "", "", 10));
            assertThat(page.uploads()).extracting(MultipartUpload::key).containsExactly("k");
            assertThat(page.commonPrefixes()).containsExactly("a/");
            assertThat(other).isNotNull();
        }
        try (ErasureObjectStore store = open(drives)) {
            UploadListPage page = store.listMultipartUploads("b", new UploadListQuery("", null, "", "", 10));
            assertThat(page.uploads()).extracting(MultipartUpload::key).containsExactly("a/x", "k");
            String id = page.uploads().get(1).uploadId();
            assertThat(store.listParts("b", "k", id, 0, 10)).extracting(PartInfo::partNumber).containsExactly(2, 5, 7);
            store.completeMultipartUpload("b", "k", id, List.of(2, 7), ObjectMetadata.ofEtag("x-2"),
                    WriteCondition.NONE);
            assertThat(new String(read(store, "b", "k"))).isEqualTo("twoseven");
            assertThat(store.headObject("b", "k").metadata().partSizes()).containsExactly(3L, 5L);
        }
    }

    @Test
    void conditionalCompleteAndOverwriteOfAMultipartObject() {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            put(store, "b", "k", "old");
            String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
            putPart(store, "b", "k", id, 1, new byte[2 * BLOCK]);
            assertThatThrownBy(() -> store.completeMultipartUpload("b", "k", id, List.of(1),
                    ObjectMetadata.ofEtag("x-1"), WriteCondition.IF_ABSENT))
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.PRECONDITION_FAILED);
            assertThat(new String(read(store, "b", "k"))).isEqualTo("old");
            store.completeMultipartUpload("b", "k", id, List.of(1), ObjectMetadata.ofEtag("x-1"),
                    WriteCondition.NONE);
            assertThat(read(store, "b", "k")).hasSize(2 * BLOCK);
            put(store, "b", "k", "new");
            for (Path d : drives) {
                assertThat(shardFiles(d)).isEmpty();
            }
        }
    }
}
