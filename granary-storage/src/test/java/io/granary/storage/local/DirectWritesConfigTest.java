package io.granary.storage.local;

import io.granary.storage.local.internal.DirectWrites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static io.granary.storage.local.StoreTestSupport.put;
import static io.granary.storage.local.StoreTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link LocalStoreConfig#directWrites()}: on by default where the folder takes it, off when configured so. */
class DirectWritesConfigTest {
    private static final byte[] DATA = new byte[3 * DirectWrites.STAGE_SIZE + 5];

    static {
        new SplittableRandom(7).nextBytes(DATA);
    }

    @TempDir
    Path dir;

    @Test
    void byDefaultTheStoreUsesDirectWritesWhereTheFolderTakesThem() {
        assumeTrue(DirectWrites.probe(dir.resolve("probe")).isAvailable(), "this file system refuses direct writes");
        try (LocalObjectStore store = LocalObjectStore.open(new LocalStoreConfig(dir.resolve("data"), false))) {
            assertThat(store.directWritesUnavailabilityCause()).isNull();
            store.createBucket("b", "");
            put(store, "b", "k", DATA);
            assertThat(read(store, "b", "k")).isEqualTo(DATA);
        }
    }

    @Test
    void turnedOffEverythingGoesThroughThePageCacheAndSaysWhy() {
        LocalStoreConfig config = new LocalStoreConfig(dir, false).withDirectWrites(false);
        assertThat(config.directWrites()).isFalse();
        assertThat(config.withFsync(true).withInlineThreshold(0).directWrites()).isFalse();
        try (LocalObjectStore store = LocalObjectStore.open(config)) {
            assertThat(store.directWritesUnavailabilityCause()).contains("turned off");
            store.createBucket("b", "");
            put(store, "b", "k", DATA);
            assertThat(read(store, "b", "k")).isEqualTo(DATA);
        }
    }
}
