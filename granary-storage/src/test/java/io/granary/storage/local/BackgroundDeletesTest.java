package io.granary.storage.local;

import io.granary.storage.local.internal.BackgroundDeletes;
import io.granary.storage.local.internal.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static io.granary.storage.local.StoreTestSupport.put;
import static io.granary.storage.local.StoreTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PUT over an existing key and a DELETE return without waiting for the replaced version's data files to be
 * unlinked ({@link BackgroundDeletes}); the files go soon after, and at the latest when the store is closed.
 */
@Timeout(60)
class BackgroundDeletesTest {
    private static final int SIZE = 256 * 1024; // past the inline threshold: a data file

    @TempDir
    Path dir;

    @Test
    void replacingAndDeletingDoNotWaitForTheOldDataFiles() throws Exception {
        try (LocalObjectStore store = StoreTestSupport.open(dir)) {
            store.createBucket("b", "");
            put(store, "b", "k", bytes(SIZE, 1));
            Path objectDir = new Layout(dir).objectDir("b", "k");
            List<String> first = files(objectDir);
            assertThat(first).hasSize(2); // meta and the data file

            CountDownLatch release = new CountDownLatch(1);
            BackgroundDeletes.submit(() -> await(release)); // the deleting thread is busy
            try {
                put(store, "b", "k", bytes(SIZE, 2));
                assertThat(read(store, "b", "k")).isEqualTo(bytes(SIZE, 2));
                assertThat(files(objectDir)).as("the old data file is still there: the PUT did not wait")
                        .containsAll(first).hasSize(3);
                store.deleteObject("b", "k");
                assertThat(files(objectDir)).as("the new version's data file too").hasSize(2);
            } finally {
                release.countDown();
            }
            BackgroundDeletes.awaitIdle(10_000);
            assertThat(objectDir).doesNotExist();
        }
    }

    @Test
    void closingTheStoreWaitsForTheDeletes() throws Exception {
        Path objectDir = new Layout(dir).objectDir("b", "k");
        CountDownLatch release = new CountDownLatch(1);
        LocalObjectStore store = StoreTestSupport.open(dir);
        store.createBucket("b", "");
        put(store, "b", "k", bytes(SIZE, 1));
        BackgroundDeletes.submit(() -> await(release));
        put(store, "b", "k", bytes(SIZE, 2));
        Thread releaser = Thread.ofPlatform().start(() -> {
            sleep(200);
            release.countDown();
        });
        store.close();
        releaser.join();
        assertThat(files(objectDir)).hasSize(2);
    }

    private static List<String> files(Path objectDir) throws Exception {
        try (Stream<Path> s = Files.list(objectDir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
