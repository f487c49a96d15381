package io.granary.storage.erasure;

import io.granary.storage.ObjectMetadata;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class HealTest {

    @TempDir
    Path base;

    private Map<Path, Map<String, byte[]>> snapshots(List<Path> drives) {
        Map<Path, Map<String, byte[]>> out = new LinkedHashMap<>();
        for (Path d : drives) {
            out.put(d, snapshot(d));
        }
        return out;
    }

    private static boolean same(Map<Path, Map<String, byte[]>> a, Map<Path, Map<String, byte[]>> b) {
        for (var e : a.entrySet()) {
            Map<String, byte[]> other = b.get(e.getKey());
            if (!other.keySet().equals(e.getValue().keySet())) {
                return false;
            }
            for (var f : e.getValue().entrySet()) {
                if (!java.util.Arrays.equals(f.getValue(), other.get(f.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void assertSame(Map<Path, Map<String, byte[]>> want, Map<Path, Map<String, byte[]>> got) {
        for (var e : want.entrySet()) {
            assertThat(got.get(e.getKey())).as("%s", e.getKey()).containsOnlyKeys(e.getValue().keySet())
                    .allSatisfy((f, b) -> assertThat(b).as("%s %s", e.getKey(), f).isEqualTo(e.getValue().get(f)));
        }
    }

    private List<Path> setUp(int n, Map<String, byte[]> objects) {
        List<Path> drives = drives(base, n);
        SplittableRandom r = new SplittableRandom(42);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            for (int size : new int[] {0, 300, INLINE, 3 * BLOCK + 5, BLOCK}) {
                byte[] data = random(r, size);
                put(store, "b", "k" + size, data);
                objects.put("k" + size, data);
            }
        }
        return drives;
    }

    @Test
    void readRepairRewritesACorruptShardAfterAGet() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        List<Path> drives = setUp(4, objects);
        var before = snapshots(drives);
        try (ErasureObjectStore store = open(drives)) {
            Path shard = shardFiles(drives.get(2)).getFirst();
            DamageTest.flip(shard, new SplittableRandom(1));
            Path meta = metaFiles(drives.get(1)).getFirst();
            DamageTest.truncate(meta, 10);
            for (var e : objects.entrySet()) {
                assertThat(read(store, "b", e.getKey())).isEqualTo(e.getValue());
            }
            assertThat(store.awaitHealQueue(secs(20))).isTrue();
            assertSame(before, snapshots(drives));
        }
    }

    @Test
    void healOfOneObjectReportsWhatItDid() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        List<Path> drives = setUp(6, objects);
        try (ErasureObjectStore store = open(drives)) {
            assertThat(store.heal("b", "k" + (3 * BLOCK + 5)).state()).isEqualTo(HealResult.State.HEALTHY);
            for (Path d : drives.subList(0, 3)) {
                for (Path p : shardFiles(d)) {
                    Files.delete(p);
                }
            }
            HealResult r = store.heal("b", "k" + (3 * BLOCK + 5));
            assertThat(r.state()).isEqualTo(HealResult.State.HEALED);
            assertThat(r.drivesRepaired()).isEqualTo(3);
            assertThat(store.heal("b", "k" + (3 * BLOCK + 5)).state()).isEqualTo(HealResult.State.HEALTHY);
            assertThat(store.heal("b", "nothing").state()).isEqualTo(HealResult.State.ABSENT);
            // too much damage: reported, not hidden
            for (Path d : drives.subList(0, 4)) {
                for (Path p : shardFiles(d)) {
                    Files.delete(p);
                }
            }
            assertThat(store.heal("b", "k" + (3 * BLOCK + 5)).state()).isEqualTo(HealResult.State.FAILED);
        }
    }

    @Test
    void backgroundScannerFindsAndHealsBitrot() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        List<Path> drives = setUp(4, objects);
        var before = snapshots(drives);
        var cfg = config(drives).withScanner(Duration.ofMillis(1), Duration.ofMillis(50));
        try (ErasureObjectStore store = ErasureObjectStore.open(cfg)) {
            for (Path p : shardFiles(drives.get(0))) {
                DamageTest.flip(p, new SplittableRandom(p.hashCode()));
            }
            for (Path p : metaFiles(drives.get(3))) {
                DamageTest.flip(p, new SplittableRandom(p.hashCode()));
            }
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!same(before, snapshots(drives)) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertSame(before, snapshots(drives));
            assertThat(store.scannedObjects()).isGreaterThan(0);
        }
    }

    @Test
    void idleScannerAndHealerUseAlmostNoCpu() throws Exception {
        List<Path> drives = drives(base, 4);
        var cfg = config(drives).withScanner(Duration.ofMillis(1), Duration.ofMillis(20));
        try (ErasureObjectStore store = ErasureObjectStore.open(cfg)) {
            store.createBucket("b", "");
            Thread.sleep(200);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long before = cpuOf(mx, "granary-scanner") + cpuOf(mx, "granary-heal");
            Thread.sleep(1000);
            long used = cpuOf(mx, "granary-scanner") + cpuOf(mx, "granary-heal") - before;
            assertThat(used).as("CPU ns used by idle background threads in 1 s").isLessThan(50_000_000L);
        }
    }

    private static long cpuOf(ThreadMXBean mx, String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return mx.getThreadCpuTime(t.threadId());
            }
        }
        throw new AssertionError("no thread " + name);
    }

    @Test
    void aDriveWipedWhileRunningIsRefilledByHealAll() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        List<Path> drives = setUp(4, objects);
        var before = snapshots(drives);
        try (ErasureObjectStore store = open(drives)) {
            deleteTree(drives.get(1));
            HealReport report = store.healAll();
            assertThat(report.failed()).as("%s", report).isZero();
            assertThat(report.healed()).as("%s", report).isEqualTo(objects.size());
            assertSame(before, snapshots(drives));
        }
    }

    @Test
    void anEmptyReplacedDriveIsRefilledAtOpen() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        List<Path> drives = setUp(6, objects);
        var before = snapshots(drives);
        deleteTree(drives.get(4));
        Files.createDirectories(drives.get(4));
        try (ErasureObjectStore store = ErasureObjectStore.open(config(drives).withHealOnOpen(true))) {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!same(before, snapshots(drives)) && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertSame(before, snapshots(drives));
            for (var e : objects.entrySet()) {
                assertThat(read(store, "b", e.getKey())).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void staleLeftoversOfDeletedObjectsAreRemovedByHealBucket() throws Exception {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        List<Path> drives = setUp(4, objects);
        Path saved = base.resolve("saved");
        try (ErasureObjectStore store = open(drives)) {
            // a drive misses a delete (it was away): copy its folder back afterwards
            Path drive = drives.get(3);
            Path dir = metaFiles(drive).stream().filter(p -> {
                try {
                    return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains("k" + (3 * BLOCK + 5));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow().getParent();
            Files.createDirectories(saved);
            Files.move(dir, saved.resolve("x"));
            store.deleteObject("b", "k" + (3 * BLOCK + 5));
            Files.createDirectories(dir.getParent());
            Files.move(saved.resolve("x"), dir);
            HealReport report = store.healBucket("b");
            assertThat(report.cleaned()).as("%s", report).isEqualTo(1);
            assertThat(Files.exists(dir)).isFalse();
            put(store, "b", "after", "x".getBytes(), ObjectMetadata.ofEtag("x"), WriteCondition.NONE);
        }
    }
}
