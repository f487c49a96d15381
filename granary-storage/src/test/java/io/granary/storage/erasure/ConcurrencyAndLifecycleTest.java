package io.granary.storage.erasure;

import io.granary.storage.ObjectReader;
import io.granary.storage.StorageException;
import io.granary.storage.local.internal.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyAndLifecycleTest {

    @TempDir
    Path base;

    /** Each version is filled with one byte value, so a reader can tell a mix of versions. */
    private static byte[] version(int v, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void concurrentWritersAndReadersSeeWholeVersions() throws Exception {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            put(store, "b", "k", version(0, 3 * BLOCK));
            List<Task> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                tasks.add(() -> {
                    SplittableRandom r = new SplittableRandom(id);
                    for (int i = 0; i < 25; i++) {
                        int v = 1 + r.nextInt(200);
                        int size = r.nextBoolean() ? 200 + r.nextInt(INLINE) : BLOCK + r.nextInt(3 * BLOCK);
                        put(store, "b", "k", version(v, size));
                    }
                });
                tasks.add(() -> {
                    for (int i = 0; i < 50; i++) {
                        try (ObjectReader r = store.openObject("b", "k")) {
                            byte[] got = readRange(r, 0, r.info().size());
                            assertThat(got).hasSize((int) r.info().size());
                            for (byte x : got) {
                                if (x != got[0]) {
                                    throw new AssertionError("mixed versions in one read");
                                }
                            }
                        }
                    }
                });
            }
            assertThat(runTogether(tasks)).isEmpty();
            // only the live version's data remains
            for (Path d : drives) {
                assertThat(shardFiles(d).size()).isLessThanOrEqualTo(1);
                assertThat(metaFiles(d)).hasSize(1);
            }
        }
    }

    @Test
    void aDriveWipedWhileRunningIsNotRecreatedByWritesAndIsRefilledAfterARestart() throws Exception {
        List<Path> drives = drives(base, 4);
        SplittableRandom r = new SplittableRandom(9);
        byte[] a = random(r, 3 * BLOCK);
        byte[] b = random(r, 500);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            deleteTree(drives.get(2));
            put(store, "b", "a", a);
            put(store, "b", "small", b);
            assertThat(Files.exists(drives.get(2))).as("writes never recreate a vanished drive").isFalse();
            assertThat(read(store, "b", "a")).isEqualTo(a);
        }
        try (ErasureObjectStore store = ErasureObjectStore.open(config(drives).withHealOnOpen(true))) {
            long end = System.nanoTime() + 20_000_000_000L;
            while (shardFiles(drives.get(2)).size() < 1 || metaFiles(drives.get(2)).size() < 2) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("drive 3 was not refilled");
                }
                Thread.sleep(20);
            }
            assertThat(read(store, "b", "a")).isEqualTo(a);
            assertThat(read(store, "b", "small")).isEqualTo(b);
            assertThat(ErasureObjectStore.isFormatted(drives.get(2))).isTrue();
        }
    }

    @Test
    void realBlockSizeStreamsLargeObjects() {
        List<Path> drives = drives(base, 6);
        byte[] data = random(new SplittableRandom(1), 5 * ErasureStoreConfig.DEFAULT_BLOCK_SIZE + 12345);
        var cfg = ErasureStoreConfig.of(drives).withFsync(false).withScanner(null, null);
        try (ErasureObjectStore store = ErasureObjectStore.open(cfg)) {
            store.createBucket("b", "");
            try (var w = store.newObjectWriter("b", "big")) {
                for (int off = 0; off < data.length; off += 65536) {
                    w.write(ByteBuffer.wrap(data, off, Math.min(65536, data.length - off)));
                }
                w.commit(io.granary.storage.ObjectMetadata.ofEtag("e"), io.granary.storage.WriteCondition.NONE);
            }
            assertThat(read(store, "b", "big")).isEqualTo(data);
            for (Path d : drives) {
                assertThat(shardFiles(d)).hasSize(1);
            }
        }
    }

    @Test
    void operationsOnAClosedStoreFail() {
        ErasureObjectStore store = open(drives(base, 2));
        store.createBucket("b", "");
        put(store, "b", "k", "v");
        store.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.heal("b", "k"))
                .isInstanceOf(StorageException.class);
    }

    /**
     * Found by the side-by-side benchmark (MIXED 4 KiB on 4 drives, one PUT in 2,000 answered 500): deleting the last
     * object of a shard folder removed the shard folder too, under that key's lock only, while a commit of another key
     * of the same shard was creating its object folder in it (NoSuchFileException on two drives: no write quorum).
     */
    @Test
    void deletingAKeyNeverFailsACommitOfAnotherKeyInTheSameShardFolder() throws Exception {
        String first = "shared-0";
        String second = null;
        for (int i = 1; second == null; i++) {
            if (Layout.keyHash("shared-" + i).startsWith(Layout.keyHash(first).substring(0, 2))) {
                second = "shared-" + i;
            }
        }
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            List<Task> tasks = new ArrayList<>();
            for (String key : List.of(first, second)) {
                tasks.add(() -> {
                    for (int i = 0; i < 300; i++) {
                        put(store, "b", key, "v" + i);
                        store.deleteObject("b", key);
                    }
                });
            }
            assertThat(runTogether(tasks)).isEmpty();
        }
    }

    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    /** Runs each task on its own platform thread, all released at once; returns what they threw. */
    static List<Throwable> runTogether(List<Task> tasks) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (Task task : tasks) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    task.run();
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return List.copyOf(errors);
    }
}
