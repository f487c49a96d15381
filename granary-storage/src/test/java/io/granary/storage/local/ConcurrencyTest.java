package io.granary.storage.local;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectWriter;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {

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
    void readerKeepsItsVersionThroughOverwriteAndDelete() {
        put(store, "b", "k", "version one");
        try (ObjectReader r = store.openObject("b", "k")) {
            put(store, "b", "k", "version two, longer");
            assertThat(readRange(r, 0, r.info().size())).asString().isEqualTo("version one");
            store.deleteObject("b", "k");
            assertThat(readRange(r, 0, r.info().size())).asString().isEqualTo("version one");
            assertThat(r.info().size()).isEqualTo(11);
        }
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).isEmpty();
    }

    @Test
    void readerOfManySegmentObjectKeepsItsVersion() {
        String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
        List<Integer> numbers = new ArrayList<>();
        byte[] expected = new byte[300 * 4];
        for (int n = 1; n <= 300; n++) {
            byte[] part = bytes(4, n);
            System.arraycopy(part, 0, expected, (n - 1) * 4, 4);
            putPart(store, "b", "k", id, n, part);
            numbers.add(n);
        }
        store.completeMultipartUpload("b", "k", id, numbers, ObjectMetadata.ofEtag("e"), WriteCondition.NONE);
        try (ObjectReader r = store.openObject("b", "k")) {
            assertThat(readRange(r, 0, 40)).isEqualTo(Arrays.copyOf(expected, 40)); // opens a few files only
            put(store, "b", "k", "replaced");
            // files not opened yet stay until the reader closes
            assertThat(filesUnder(dir.resolve("buckets/b/objects")).size()).isGreaterThan(300);
            for (int i = 0; i < 3; i++) {
                assertThat(readRange(r, 0, expected.length)).isEqualTo(expected);
            }
        }
        // only the inline replacement's metadata file is left
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(1);
        assertThat(readString(store, "b", "k")).isEqualTo("replaced");
    }

    @Test
    void concurrentWritersOfOneKeyNeverMix() throws Exception {
        int writers = 8;
        int size = 256 * 1024;
        byte[][] payloads = new byte[writers][];
        for (int i = 0; i < writers; i++) {
            payloads[i] = new byte[size];
            Arrays.fill(payloads[i], (byte) ('A' + i));
        }
        put(store, "b", "k", payloads[0], ObjectMetadata.ofEtag("etag-0"), WriteCondition.NONE);
        AtomicInteger reads = new AtomicInteger();
        List<Task> writerTasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int me = i;
            writerTasks.add(() -> {
                for (int round = 0; round < 10; round++) {
                    try (ObjectWriter w = store.newObjectWriter("b", "k")) {
                        for (int off = 0; off < size; off += 8192) {
                            w.write(ByteBuffer.wrap(payloads[me], off, 8192));
                            if (off % 65536 == 0) {
                                Thread.yield();
                            }
                        }
                        w.commit(ObjectMetadata.ofEtag("etag-" + me), WriteCondition.NONE);
                    }
                }
            });
        }
        Task reader = () -> {
            try (ObjectReader r = store.openObject("b", "k")) {
                byte[] got = readRange(r, 0, r.info().size());
                assertUniform(got, size);
                assertThat(r.info().etag()).isEqualTo("etag-" + (got[0] - 'A'));
                reads.incrementAndGet();
            }
        };
        race(writerTasks, List.of(reader, reader));
        byte[] last = read(store, "b", "k");
        assertUniform(last, size);
        assertThat(reads.get()).isPositive();
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(2);
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void inlineAndDataFileOverwritesWhileReadingNeverMix() throws Exception {
        int writers = 6;
        // even writers inline (under the 128 KiB default), odd ones in data files
        byte[][] payloads = new byte[writers][];
        for (int i = 0; i < writers; i++) {
            payloads[i] = new byte[i % 2 == 0 ? 4096 + i : 160 * 1024 + i];
            Arrays.fill(payloads[i], (byte) ('A' + i));
        }
        put(store, "b", "k", payloads[0], ObjectMetadata.ofEtag("etag-0"), WriteCondition.NONE);
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger round = new AtomicInteger();
        List<Task> writerTasks = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int me = i;
            writerTasks.add(() -> {
                for (int n = 0; n < 15; n++) {
                    put(store, "b", "k", payloads[me], ObjectMetadata.ofEtag("etag-" + me), WriteCondition.NONE);
                }
            });
        }
        Task tagger = () -> {
            String tag = "r" + round.incrementAndGet();
            store.updateMetadata("b", "k", m -> m.withTags(java.util.Map.of("round", tag)));
        };
        Task reader = () -> {
            try (ObjectReader r = store.openObject("b", "k")) {
                int writer = Integer.parseInt(r.info().etag().substring(5));
                Thread.yield(); // let the key be replaced under the open reader
                assertThat(readRange(r, 0, r.info().size())).isEqualTo(payloads[writer]);
                reads.incrementAndGet();
            }
        };
        race(writerTasks, List.of(tagger, reader, reader));
        assertThat(reads.get()).isPositive();
        int last = Integer.parseInt(store.headObject("b", "k").etag().substring(5));
        assertThat(read(store, "b", "k")).isEqualTo(payloads[last]);
        // the current version only: a metadata file, plus a data file if it is not inline
        assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(last % 2 == 0 ? 1 : 2);
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
    }

    /** A step of a race; may throw. */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    /**
     * Starts {@code finite} and {@code loops} together, each on its own thread; the loops run again and again until
     * every finite task is done. Fails with the first failure of any.
     */
    static void race(List<Task> finite, List<Task> loops) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(finite.size() + loops.size());
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Task t : finite) {
                done.add(pool.submit(() -> {
                    start.await();
                    t.run();
                    return null;
                }));
            }
            List<Future<?>> looping = new ArrayList<>();
            for (Task t : loops) {
                looping.add(pool.submit(() -> {
                    start.await();
                    while (!stop.get()) {
                        t.run();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            stop.set(true);
            for (Future<?> f : looping) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    private static void assertUniform(byte[] got, int size) {
        assertThat(got).hasSize(size);
        byte first = got[0];
        assertThat(first).isBetween((byte) 'A', (byte) ('A' + 7));
        for (byte b : got) {
            if (b != first) {
                throw new AssertionError("mixed object content: " + (char) first + " and " + (char) b);
            }
        }
    }

    @Test
    void concurrentIfAbsentHasExactlyOneWinner() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<ObjectInfo>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int me = i;
                futures.add(pool.submit(() -> {
                    ObjectWriter w = store.newObjectWriter("b", "once");
                    w.write(ByteBuffer.wrap(("writer " + me).getBytes()));
                    start.await();
                    try {
                        return w.commit(ObjectMetadata.ofEtag("e" + me), WriteCondition.IF_ABSENT);
                    } catch (StorageException e) {
                        assertThat(e.error()).isEqualTo(StorageError.PRECONDITION_FAILED);
                        return null;
                    }
                }));
            }
            start.countDown();
            List<ObjectInfo> winners = new ArrayList<>();
            for (Future<ObjectInfo> f : futures) {
                ObjectInfo info = f.get(30, TimeUnit.SECONDS);
                if (info != null) {
                    winners.add(info);
                }
            }
            assertThat(winners).hasSize(1);
            String etag = winners.getFirst().etag();
            assertThat(readString(store, "b", "once")).isEqualTo("writer " + etag.substring(1));
        } finally {
            pool.shutdownNow();
        }
        assertThat(filesUnder(dir.resolve("tmp"))).isEmpty();
    }

    @Test
    void concurrentPartUploadsAndDeleteBucketRace() throws Exception {
        String id = store.createMultipartUpload("b", "k", ObjectMetadata.ofEtag(""));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 50;
                futures.add(pool.submit(() -> {
                    for (int n = 1; n <= 50; n++) {
                        putPart(store, "b", "k", id, base + n, bytes(100, base + n));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.listParts("b", "k", id, 0, 1000)).hasSize(200);
        store.deleteBucket("b");
        assertThat(entriesUnder(dir.resolve("multipart"))).hasSize(1);
    }
}
