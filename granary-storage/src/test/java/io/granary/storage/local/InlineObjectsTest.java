package io.granary.storage.local;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectWriter;
import io.granary.storage.WriteCondition;
import io.granary.storage.local.internal.BackgroundDeletes;
import io.granary.storage.local.internal.Layout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Objects up to the inline threshold live inside their metadata file; bigger ones in data files. */
class InlineObjectsTest {

    static final int T = 1000;

    @TempDir
    Path dir;
    LocalObjectStore store;

    @BeforeEach
    void setUp() {
        store = open(dir, T);
        store.createBucket("b", "");
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Path objectDir(String key) {
        return new Layout(dir).objectDir("b", key);
    }

    /** The names in the key's object folder other than {@code meta}: its data files (once background deletes ran). */
    static List<String> dataFiles(Path objectDir) throws Exception {
        BackgroundDeletes.awaitIdle(10_000);
        try (var s = Files.list(objectDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Layout.OBJECT_META)).toList();
        }
    }

    @Test
    void sizesAroundTheThreshold() throws Exception {
        for (int size : new int[] {0, 1, T - 1, T, T + 1, 3 * T + 7}) {
            String key = "k" + size;
            byte[] data = bytes(size, size);
            ObjectInfo info = put(store, "b", key, data);
            assertThat(info.size()).isEqualTo(size);
            assertThat(read(store, "b", key)).as("size %d", size).isEqualTo(data);
            assertThat(dataFiles(objectDir(key))).as("size %d", size).hasSize(size <= T ? 0 : 1);
            if (size <= T) {
                // the record is the bytes plus a small header and trailer
                assertThat(Files.size(objectDir(key).resolve("meta"))).isBetween(size + 50L, size + 300L);
            }
        }
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
        store.close();
        store = open(dir, T);
        for (int size : new int[] {0, 1, T - 1, T, T + 1, 3 * T + 7}) {
            assertThat(read(store, "b", "k" + size)).as("size %d after reopen", size).isEqualTo(bytes(size, size));
            assertThat(store.headObject("b", "k" + size).etag()).isEqualTo("etag-" + size);
        }
    }

    @Test
    void defaultThresholdIs128KiB(@TempDir Path other) throws Exception {
        assertThat(new LocalStoreConfig(other).inlineThreshold()).isEqualTo(128 * 1024);
        try (LocalObjectStore s = open(other, LocalStoreConfig.DEFAULT_INLINE_THRESHOLD)) {
            s.createBucket("b", "");
            put(s, "b", "at", bytes(128 * 1024, 1));
            put(s, "b", "above", bytes(128 * 1024 + 1, 2));
            assertThat(dataFiles(new Layout(other).objectDir("b", "at"))).isEmpty();
            assertThat(dataFiles(new Layout(other).objectDir("b", "above"))).hasSize(1);
            assertThat(read(s, "b", "at")).isEqualTo(bytes(128 * 1024, 1));
            assertThat(read(s, "b", "above")).isEqualTo(bytes(128 * 1024 + 1, 2));
        }
    }

    @Test
    void thresholdZeroStoresEveryObjectInADataFile(@TempDir Path other) throws Exception {
        try (LocalObjectStore s = open(other, 0)) {
            s.createBucket("b", "");
            put(s, "b", "empty", new byte[0]);
            put(s, "b", "one", bytes(1, 1));
            assertThat(dataFiles(new Layout(other).objectDir("b", "empty"))).hasSize(1);
            assertThat(dataFiles(new Layout(other).objectDir("b", "one"))).hasSize(1);
            assertThat(read(s, "b", "empty")).isEmpty();
            assertThat(read(s, "b", "one")).isEqualTo(bytes(1, 1));
        }
    }

    @Test
    void aWriteSpillsToATempFileOnlyWhenItWouldPassTheThreshold() throws Exception {
        byte[] data = bytes(T + 500, 3);
        try (ObjectWriter w = store.newObjectWriter("b", "k")) {
            w.write(ByteBuffer.wrap(data, 0, 600));
            w.write(ByteBuffer.wrap(data, 600, T - 600)); // exactly the threshold: still in memory
            assertThat(w.size()).isEqualTo(T);
            assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
            w.write(ByteBuffer.wrap(data, T, 1)); // one byte over
            assertThat(w.size()).isEqualTo(T + 1);
            assertThat(filesUnder(dir.resolve("tmp"))).hasSize(1);
            // the spilled bytes are in that file, or staged for its first direct write (TempSink)
            assertThat(Files.size(filesUnder(dir.resolve("tmp")).getFirst())).isIn(0L, T + 1L);
            w.write(ByteBuffer.wrap(data, T + 1, data.length - T - 1));
            w.commit(ObjectMetadata.ofEtag("e"), WriteCondition.NONE);
        }
        assertThat(read(store, "b", "k")).isEqualTo(data);
        assertThat(dataFiles(objectDir("k"))).hasSize(1);
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void aDirectBufferAndAnAbortedSpillLeaveNothingBehind() {
        ByteBuffer direct = ByteBuffer.allocateDirect(T / 2);
        direct.put(bytes(T / 2, 4)).flip();
        try (ObjectWriter w = store.newObjectWriter("b", "small")) {
            w.write(direct);
            w.commit(ObjectMetadata.ofEtag("e"), WriteCondition.NONE);
        }
        assertThat(read(store, "b", "small")).isEqualTo(bytes(T / 2, 4));
        ObjectWriter w = store.newObjectWriter("b", "big");
        w.write(ByteBuffer.wrap(bytes(2 * T, 5)));
        w.abort();
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
        assertThat(Files.exists(objectDir("big"))).isFalse();
    }

    @Test
    void everyRangeOfAnInlineObjectIsItsBytes() throws Exception {
        byte[] data = bytes(37, 9);
        put(store, "b", "k", data);
        long metaSize = Files.size(objectDir("k").resolve("meta"));
        try (ObjectReader r = store.openObject("b", "k")) {
            assertThat(r.zeroCopy()).isTrue();
            for (int offset = 0; offset <= data.length; offset++) {
                for (int length = 0; offset + length <= data.length; length++) {
                    byte[] want = Arrays.copyOfRange(data, offset, offset + length);
                    assertThat(readRange(r, offset, length)).as("[%d,+%d)", offset, length).isEqualTo(want);
                    try (InputStream in = r.stream(offset, length)) {
                        assertThat(in.readAllBytes()).isEqualTo(want);
                    }
                }
            }
            // one region of the metadata file itself, just before its CRC: sendfile straight from the record
            List<ObjectReader.Segment> all = r.segments(0, data.length);
            assertThat(all).hasSize(1);
            assertThat(all.getFirst().channel().size()).isEqualTo(metaSize);
            assertThat(all.getFirst().position()).isEqualTo(metaSize - 4 - data.length);
            assertThat(r.segments(5, 0)).isEmpty();
        }
    }

    @Test
    void overwritesMoveBetweenInlineAndDataFiles() throws Exception {
        byte[] small1 = bytes(10, 1);
        byte[] big = bytes(T * 2, 2);
        byte[] small2 = bytes(T, 3);
        put(store, "b", "k", small1);
        assertThat(dataFiles(objectDir("k"))).isEmpty();
        try (ObjectReader first = store.openObject("b", "k")) {
            put(store, "b", "k", big);
            assertThat(dataFiles(objectDir("k"))).hasSize(1);
            try (ObjectReader second = store.openObject("b", "k")) {
                put(store, "b", "k", small2);
                // the data file stays while a reader has it pinned
                assertThat(dataFiles(objectDir("k"))).hasSize(1);
                assertThat(readRange(first, 0, small1.length)).isEqualTo(small1);
                assertThat(readRange(second, 0, big.length)).isEqualTo(big);
                assertThat(read(store, "b", "k")).isEqualTo(small2);
            }
            assertThat(dataFiles(objectDir("k"))).isEmpty();
            assertThat(readRange(first, 0, small1.length)).isEqualTo(small1);
        }
        assertThat(read(store, "b", "k")).isEqualTo(small2);
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(1);
    }

    @Test
    void aReaderKeepsItsInlineBytesThroughOverwriteAndDelete() {
        byte[] v1 = bytes(300, 1);
        put(store, "b", "k", v1);
        try (ObjectReader r = store.openObject("b", "k")) {
            put(store, "b", "k", bytes(200, 2));
            assertThat(readRange(r, 0, v1.length)).isEqualTo(v1);
            put(store, "b", "k", bytes(T + 1, 3));
            assertThat(readRange(r, 0, v1.length)).isEqualTo(v1);
            store.deleteObject("b", "k");
            assertThat(readRange(r, 0, v1.length)).isEqualTo(v1);
            assertThat(readRange(r, 100, 50)).isEqualTo(Arrays.copyOfRange(v1, 100, 150));
            assertThat(r.info().size()).isEqualTo(300);
        }
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).isEmpty();
    }

    @Test
    void updateMetadataKeepsTheInlineBytes() {
        byte[] data = bytes(T, 7);
        ObjectInfo before = put(store, "b", "k", data);
        ObjectInfo after = store.updateMetadata("b", "k", m -> m.withTags(Map.of("colour", "green")));
        assertThat(after.metadata().tags()).containsEntry("colour", "green");
        assertThat(after.lastModified()).isEqualTo(before.lastModified());
        assertThat(read(store, "b", "k")).isEqualTo(data);
        try (ObjectReader r = store.openObject("b", "k")) {
            store.updateMetadata("b", "k", m -> m.withTags(Map.of()));
            assertThat(readRange(r, 0, data.length)).isEqualTo(data);
            assertThat(r.info().metadata().tags()).containsEntry("colour", "green");
        }
        store.updateMetadata("b", "k", m -> m.withTags(Map.of("n", "2")));
        store.close();
        store = open(dir, T);
        assertThat(read(store, "b", "k")).isEqualTo(data);
        assertThat(store.headObject("b", "k").metadata().tags()).containsExactlyEntriesOf(Map.of("n", "2"));
        assertThat(store.headObject("b", "k").etag()).isEqualTo(before.etag());
    }

    @Test
    void aLowerThresholdAfterRestartStillReadsAndUpdatesOlderInlineObjects() throws Exception {
        byte[] data = bytes(T, 8);
        put(store, "b", "k", data);
        store.close();
        store = open(dir, 0);
        assertThat(read(store, "b", "k")).isEqualTo(data);
        store.updateMetadata("b", "k", m -> m.withTags(Map.of("a", "b")));
        assertThat(read(store, "b", "k")).isEqualTo(data);
        assertThat(dataFiles(objectDir("k"))).isEmpty();
        put(store, "b", "k", bytes(5, 9));
        assertThat(dataFiles(objectDir("k"))).hasSize(1);
    }

    @Test
    void conditionsAndListingsSeeInlineObjects() {
        put(store, "b", "a", "x".getBytes(), ObjectMetadata.ofEtag("e1"), WriteCondition.IF_ABSENT);
        put(store, "b", "c", bytes(T + 1, 1));
        put(store, "b", "a", "y".getBytes(), ObjectMetadata.ofEtag("e2"), WriteCondition.ifEtagMatches("e1"));
        assertThat(readString(store, "b", "a")).isEqualTo("y");
        assertThat(store.listObjects("b", new io.granary.storage.ListQuery("", null, "", 10)).objects())
                .extracting(ObjectInfo::key, ObjectInfo::size).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", 1L), org.assertj.core.groups.Tuple.tuple("c",
                                (long) T + 1));
    }
}
