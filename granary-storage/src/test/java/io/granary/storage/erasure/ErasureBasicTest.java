package io.granary.storage.erasure;

import io.granary.storage.ListQuery;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErasureBasicTest {

    @TempDir
    Path base;

    @ParameterizedTest(name = "{0} drives")
    @ValueSource(ints = {2, 3, 4, 6, 8, 18})
    void putGetOverwriteDeleteAcrossSizes(int n) {
        List<Path> drives = drives(base, n);
        SplittableRandom r = new SplittableRandom(n);
        int[] sizes = {0, 1, 100, INLINE, INLINE + 1, BLOCK - 1, BLOCK, BLOCK + 1, 3 * BLOCK + 17, 10 * BLOCK};
        try (ErasureObjectStore store = open(drives)) {
            assertThat(store.setSize() * store.sets()).isEqualTo(n);
            store.createBucket("b", "");
            for (int size : sizes) {
                byte[] data = random(r, size);
                ObjectInfo info = put(store, "b", "k" + size, data);
                assertThat(info.size()).isEqualTo(size);
                assertThat(read(store, "b", "k" + size)).as("size %d, %d drives", size, n).isEqualTo(data);
            }
            byte[] v2 = random(r, 2 * BLOCK + 5);
            put(store, "b", "k0", v2);
            assertThat(read(store, "b", "k0")).isEqualTo(v2);
            store.deleteObject("b", "k1");
            assertThatThrownBy(() -> store.headObject("b", "k1")).isInstanceOf(StorageException.class)
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.NO_SUCH_KEY);
            store.deleteObject("b", "k1"); // deleting a missing key is fine
        }
        // everything survives a reopen
        r = new SplittableRandom(n);
        try (ErasureObjectStore store = open(drives)) {
            for (int size : sizes) {
                byte[] data = random(r, size);
                if (size == 1) {
                    assertThat(store.bucket("b")).isPresent();
                    assertThatThrownBy(() -> store.headObject("b", "k1")).isInstanceOf(StorageException.class);
                    continue;
                }
                if (size == 0) {
                    continue;
                }
                assertThat(read(store, "b", "k" + size)).as("size %d after reopen", size).isEqualTo(data);
            }
            assertThat(store.listObjects("b", new ListQuery("", null, "", 1000)).objects()).hasSize(sizes.length - 1);
        }
    }

    @Test
    void fsyncModeWorks() {
        List<Path> drives = drives(base, 4);
        SplittableRandom r = new SplittableRandom(11);
        byte[] big = random(r, 3 * BLOCK + 1);
        byte[] part = random(r, 2 * BLOCK);
        try (ErasureObjectStore store = ErasureObjectStore.open(config(drives).withFsync(true))) {
            store.createBucket("b", "");
            put(store, "b", "small", "x");
            put(store, "b", "big", big);
            String id = store.createMultipartUpload("b", "mp", ObjectMetadata.ofEtag(""));
            putPart(store, "b", "mp", id, 1, part);
            store.completeMultipartUpload("b", "mp", id, List.of(1), ObjectMetadata.ofEtag("x-1"),
                    WriteCondition.NONE);
            store.updateMetadata("b", "small", m -> m.withTags(Map.of("a", "b")));
            store.deleteObject("b", "small");
            assertThat(store.healAll().failed()).isZero();
        }
        try (ErasureObjectStore store = ErasureObjectStore.open(config(drives).withFsync(true))) {
            assertThat(read(store, "b", "big")).isEqualTo(big);
            assertThat(read(store, "b", "mp")).isEqualTo(part);
            assertThat(store.bucket("b")).isPresent();
        }
    }

    @Test
    void smallObjectsAreInlineOneFilePerDrive() throws Exception {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            put(store, "b", "small", new byte[INLINE]);
            put(store, "b", "big", new byte[INLINE + 1]);
        }
        for (Path d : drives) {
            assertThat(metaFiles(d)).hasSize(2);
            assertThat(shardFiles(d)).as("only the big object has a shard file on %s", d).hasSize(1);
        }
    }

    @Test
    void rangesAndStreamsAcrossBlocks() throws Exception {
        List<Path> drives = drives(base, 6);
        SplittableRandom r = new SplittableRandom(7);
        byte[] data = random(r, 5 * BLOCK + 333);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            put(store, "b", "k", data);
            try (ObjectReader reader = store.openObject("b", "k")) {
                for (int i = 0; i < 50; i++) {
                    int off = r.nextInt(data.length + 1);
                    int len = r.nextInt(data.length - off + 1);
                    assertThat(readRange(reader, off, len)).as("range %d+%d", off, len)
                            .isEqualTo(java.util.Arrays.copyOfRange(data, off, off + len));
                    try (InputStream in = ErasureObjectStore.stream(reader, off, len)) {
                        assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, off, off + len));
                    }
                }
                assertThatThrownBy(() -> reader.segments(0, data.length + 1L))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            // decoded temp files are gone after close
            for (Path d : drives) {
                assertThat(filesUnder(d.resolve("tmp"), "")).isEmpty();
            }
        }
    }

    @Test
    void openReaderKeepsItsVersionThroughOverwriteAndDelete() {
        List<Path> drives = drives(base, 4);
        SplittableRandom r = new SplittableRandom(3);
        byte[] v1 = random(r, 3 * BLOCK);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            put(store, "b", "k", v1);
            try (ObjectReader reader = store.openObject("b", "k")) {
                put(store, "b", "k", random(r, 2 * BLOCK));
                store.deleteObject("b", "k");
                assertThat(readRange(reader, 0, v1.length)).isEqualTo(v1);
            }
            for (Path d : drives) {
                assertThat(shardFiles(d)).as("old version removed after the reader closed").isEmpty();
            }
        }
    }

    @Test
    void metadataConditionsAndUpdates() {
        List<Path> drives = drives(base, 4);
        ObjectMetadata md = new ObjectMetadata("abc", "text/plain", "gzip", "inline", "en", "no-cache", "never",
                Map.of("a", "1"), io.granary.storage.ChecksumAlgorithm.CRC32C, "AAAA==",
                io.granary.storage.ChecksumType.FULL_OBJECT, List.of(), List.of(), "STANDARD", Map.of("t", "v"));
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            put(store, "b", "k", new byte[10], md, WriteCondition.IF_ABSENT);
            assertThatThrownBy(() -> put(store, "b", "k", new byte[1], md, WriteCondition.IF_ABSENT))
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.PRECONDITION_FAILED);
            assertThatThrownBy(() -> put(store, "b", "k", new byte[1], md, WriteCondition.ifEtagMatches("zzz")))
                    .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.PRECONDITION_FAILED);
            put(store, "b", "k", new byte[12], md, WriteCondition.ifEtagMatches("\"abc\""));
            ObjectInfo before = store.headObject("b", "k");
            store.updateMetadata("b", "k", m -> m.withTags(Map.of("x", "y")));
            ObjectInfo after = store.headObject("b", "k");
            assertThat(after.metadata().tags()).containsExactly(Map.entry("x", "y"));
            assertThat(after.lastModified()).isEqualTo(before.lastModified());
            assertThat(read(store, "b", "k")).hasSize(12);
        }
        try (ErasureObjectStore store = open(drives)) {
            ObjectInfo info = store.headObject("b", "k");
            assertThat(info.metadata().tags()).containsExactly(Map.entry("x", "y"));
            assertThat(info.metadata().contentType()).isEqualTo("text/plain");
            assertThat(info.metadata().userMetadata()).containsExactly(Map.entry("a", "1"));
            assertThat(read(store, "b", "k")).hasSize(12);
        }
    }

    @Test
    void bucketsLifecycleAndErrors() {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b1", "eu");
            store.createBucket("a0", "");
            assertThatThrownBy(() -> store.createBucket("b1", "")).extracting(e -> ((StorageException) e).error())
                    .isEqualTo(StorageError.BUCKET_ALREADY_EXISTS);
            assertThatThrownBy(() -> store.createBucket("../x", "")).extracting(e -> ((StorageException) e).error())
                    .isEqualTo(StorageError.INVALID_BUCKET_NAME);
            assertThat(store.listBuckets()).extracting(b -> b.name()).containsExactly("a0", "b1");
            put(store, "b1", "k", "x");
            assertThatThrownBy(() -> store.deleteBucket("b1")).extracting(e -> ((StorageException) e).error())
                    .isEqualTo(StorageError.BUCKET_NOT_EMPTY);
            store.deleteObject("b1", "k");
            store.deleteBucket("b1");
            assertThat(store.bucket("b1")).isEmpty();
            assertThatThrownBy(() -> store.newObjectWriter("b1", "k")).extracting(e -> ((StorageException) e).error())
                    .isEqualTo(StorageError.NO_SUCH_BUCKET);
            assertThatThrownBy(() -> store.newObjectWriter("a0", "")).extracting(e -> ((StorageException) e).error())
                    .isEqualTo(StorageError.INVALID_KEY);
        }
        try (ErasureObjectStore store = open(drives)) {
            assertThat(store.listBuckets()).extracting(b -> b.name()).containsExactly("a0");
            assertThat(store.bucket("a0").orElseThrow().region()).isEmpty();
        }
    }

    @Test
    void abortedAndUncommittedWritesLeaveNothing() {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            var w = store.newObjectWriter("b", "k");
            w.write(ByteBuffer.wrap(new byte[5 * BLOCK]));
            w.abort();
            var w2 = store.newObjectWriter("b", "k2");
            w2.write(ByteBuffer.wrap(new byte[5 * BLOCK]));
            w2.close();
            assertThat(store.listObjects("b", new ListQuery("", null, "", 10)).objects()).isEmpty();
            for (Path d : drives) {
                assertThat(filesUnder(d.resolve("tmp"), "")).isEmpty();
                assertThat(shardFiles(d)).isEmpty();
            }
        }
    }

    @Test
    void secondOpenIsRefusedAndClosedStoreRefusesWork() {
        List<Path> drives = drives(base, 4);
        ErasureObjectStore store = open(drives);
        assertThatThrownBy(() -> open(drives)).isInstanceOf(StorageException.class).hasMessageContaining("in use");
        store.close();
        assertThatThrownBy(() -> store.createBucket("b", "")).isInstanceOf(StorageException.class);
        open(drives).close();
    }

    @Test
    void reducedRedundancyUsesLessParityForInlineAndMultipart() throws Exception {
        List<Path> drives = drives(base, 8);
        ObjectMetadata rrs = new ObjectMetadata("e", null, null, null, null, null, null, Map.of(), null, null, null,
                List.of(), List.of(), "REDUCED_REDUNDANCY", Map.of());
        try (ErasureObjectStore store = open(drives)) {
            assertThat(store.parity()).isEqualTo(4);
            store.createBucket("b", "");
            byte[] data = random(new SplittableRandom(1), 700);
            put(store, "b", "rrs", data, rrs, WriteCondition.NONE);
            assertThat(read(store, "b", "rrs")).isEqualTo(data);
            String id = store.createMultipartUpload("b", "mp", rrs);
            byte[] part = random(new SplittableRandom(2), 3 * BLOCK);
            putPart(store, "b", "mp", id, 1, part);
            store.completeMultipartUpload("b", "mp", id, List.of(1), rrs.withEtag("x-1"), WriteCondition.NONE);
            assertThat(read(store, "b", "mp")).isEqualTo(part);
            // k = 6 data shards: each shard is a sixth of the block
            long shard = Files.size(shardFiles(drives.getFirst()).getFirst());
            assertThat(shard).isEqualTo(3 * (32 + (BLOCK + 5) / 6));
        }
    }
}
