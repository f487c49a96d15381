package io.granary.storage.local;

import io.granary.storage.local.internal.Flusher;
import io.granary.storage.local.internal.Layout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each operation costs in flushes to stable storage, counted through the store's {@link Flusher} (which still
 * flushes for real). A small PUT over an existing key is two: its metadata file and its folder; of a new key three,
 * the folder's name in its shard folder last.
 */
class FlushCountTest {

    /** Records every flush as "file tmp/..." or "dir ..." (paths relative to the data folder), then does it. */
    static final class Recording implements Flusher {
        final List<String> flushes = new ArrayList<>();
        /** A flush (as recorded) that fails with an IOException instead, or null. */
        volatile String failOn;
        private final Path root;

        Recording(Path root) {
            this.root = root;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public synchronized void file(FileChannel channel, Path path) throws IOException {
            String name = root.relativize(path).toString();
            record("file " + (name.startsWith("tmp/") ? "tmp/*" + name.substring(name.indexOf('.')) : name));
            Flusher.DURABLE.file(channel, path);
        }

        @Override
        public synchronized void dir(Path dir) throws IOException {
            record("dir " + root.relativize(dir));
            Flusher.DURABLE.dir(dir);
        }

        private void record(String flush) throws IOException {
            if (flush.equals(failOn)) {
                throw new IOException("injected flush failure: " + flush);
            }
            flushes.add(flush);
        }

        synchronized List<String> take() {
            List<String> out = List.copyOf(flushes);
            flushes.clear();
            return out;
        }
    }

    static final int T = 4096;

    @TempDir
    Path dir;
    Recording flusher;
    LocalObjectStore store;

    @BeforeEach
    void setUp() {
        flusher = new Recording(dir.toAbsolutePath().normalize());
        store = LocalObjectStore.open(new LocalStoreConfig(dir, true, T), flusher);
        store.createBucket("b", "");
        flusher.take();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private String objectDir(String key) {
        Path root = dir.toAbsolutePath().normalize();
        return root.relativize(new Layout(root).objectDir("b", key)).toString();
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    @Test
    void aSmallPutOverAnExistingKeyFlushesTwice() {
        put(store, "b", "k", bytes(T, 1));
        flusher.take();
        put(store, "b", "k", bytes(T, 2));
        assertThat(flusher.take()).containsExactly("file tmp/*.meta.tmp", "dir " + objectDir("k"));
        put(store, "b", "k", new byte[0]);
        assertThat(flusher.take()).containsExactly("file tmp/*.meta.tmp", "dir " + objectDir("k"));
    }

    @Test
    void aSmallPutOfANewKeyAlsoFlushesItsNewFolderInItsShardLast() {
        String k = objectDir("new");
        put(store, "b", "new", "x");
        assertThat(flusher.take()).containsExactly("file tmp/*.meta.tmp", "dir " + k, "dir " + parent(k));
        put(store, "b", "new", "y");
        assertThat(flusher.take()).containsExactly("file tmp/*.meta.tmp", "dir " + k);
        store.deleteObject("b", "new");
        assertThat(Files.exists(dir.resolve(k))).isFalse(); // the empty folder goes with the object
        flusher.take();
        put(store, "b", "new", bytes(T + 1, 1));
        assertThat(flusher.take()).containsExactly("file tmp/*.data", "dir " + k, "file tmp/*.meta.tmp", "dir " + k,
                "dir " + parent(k));
    }

    @Test
    void aFailedFlushOfANewFolderRemovesItSoTheNextPutFlushesItAgain() {
        String k = objectDir("k");
        flusher.failOn = "dir " + parent(k);
        assertThat(errorOf(() -> put(store, "b", "k", "x"))).isEqualTo(io.granary.storage.StorageError.INTERNAL);
        assertThat(Files.exists(dir.resolve(k))).isFalse();
        assertThat(errorOf(() -> store.headObject("b", "k"))).isEqualTo(io.granary.storage.StorageError.NO_SUCH_KEY);
        flusher.failOn = null;
        flusher.take();
        put(store, "b", "k", "y");
        assertThat(flusher.take()).containsExactly("file tmp/*.meta.tmp", "dir " + k, "dir " + parent(k));
        assertThat(readString(store, "b", "k")).isEqualTo("y");
    }

    @Test
    void aBucketComesWithItsShardFoldersFlushedBeforeItIsVisible() throws Exception {
        store.createBucket("c", "");
        List<String> flushes = flusher.take();
        assertThat(flushes).hasSize(4);
        assertThat(flushes.get(0)).matches("dir tmp/[0-9a-f]{32}\\.bucket/objects");
        assertThat(flushes.subList(1, 4)).containsExactly("file tmp/*.meta.tmp",
                "dir " + parent(flushes.get(0).substring(4)), "dir buckets");
        try (var s = Files.list(dir.resolve("buckets/c/objects"))) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(Layout.SHARDS);
        }
    }

    @Test
    void aPutAboveTheThresholdStillFlushesDataFolderMetadataFolder() {
        put(store, "b", "k", "x");
        flusher.take();
        put(store, "b", "k", bytes(T + 1, 1));
        String k = objectDir("k");
        assertThat(flusher.take()).containsExactly("file tmp/*.data", "dir " + k, "file tmp/*.meta.tmp", "dir " + k);
    }

    @Test
    void metadataUpdateAndDeleteOfAnInlineObject() {
        put(store, "b", "k", "x");
        flusher.take();
        store.updateMetadata("b", "k", m -> m.withTags(Map.of("a", "1")));
        assertThat(flusher.take()).containsExactly("file tmp/*.meta.tmp", "dir " + objectDir("k"));
        store.deleteObject("b", "k");
        assertThat(flusher.take()).containsExactly("dir " + objectDir("k"));
    }

    @Test
    void fsyncOffChoosesTheFlusherThatDoesNothing() {
        assertThat(Flusher.of(false)).isSameAs(Flusher.NONE);
        assertThat(Flusher.NONE.enabled()).isFalse();
        assertThat(Flusher.of(true)).isSameAs(Flusher.DURABLE);
    }
}
