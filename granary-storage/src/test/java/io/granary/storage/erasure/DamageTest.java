package io.granary.storage.erasure;

import io.granary.storage.ListQuery;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Breaks up to m drives of a 4- or 6-drive set in every way a disk can go bad (while the store runs or while it is
 * down), checks every acknowledged object still reads back byte-identical, heals, checks every drive is
 * byte-identical to before the damage, then breaks m other drives to prove the redundancy is really back.
 */
class DamageTest {

    @TempDir
    Path base;

    enum Damage {
        DELETE_FOLDER, REPLACE_WITH_FILE, FLIP_SHARD_BYTES, TRUNCATE_SHARDS, TRUNCATE_METADATA, DELETE_METADATA,
        CORRUPT_FORMAT, FLIP_EVERYTHING
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int n : new int[] {4, 6}) {
            for (long seed = 1; seed <= 12; seed++) {
                out.add(Arguments.of(n, seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} drives, seed {1}")
    @MethodSource("cases")
    void acknowledgedObjectsSurviveMBadDrivesAndHealRestoresEverything(int n, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed * 1000 + n);
        List<Path> drives = drives(base, n);
        Map<String, byte[]> expected = new LinkedHashMap<>();
        int m;
        try (ErasureObjectStore store = open(drives)) {
            m = store.parity();
            store.createBucket("b", "");
            for (int i = 0; i < 14; i++) {
                int size = switch (r.nextInt(4)) {
                    case 0 -> r.nextInt(INLINE + 1);
                    case 1 -> r.nextInt(BLOCK * 2);
                    default -> r.nextInt(BLOCK * 6);
                };
                byte[] data = random(r, size);
                String key = "obj/" + i + "/" + size;
                put(store, "b", key, data);
                expected.put(key, data);
            }
            String id = store.createMultipartUpload("b", "multi", ObjectMetadata.ofEtag(""));
            byte[] p1 = random(r, BLOCK + 100);
            byte[] p2 = random(r, 2 * BLOCK);
            byte[] p3 = random(r, 77);
            putPart(store, "b", "multi", id, 1, p1);
            putPart(store, "b", "multi", id, 2, p2);
            putPart(store, "b", "multi", id, 3, p3);
            store.completeMultipartUpload("b", "multi", id, List.of(1, 2, 3), ObjectMetadata.ofEtag("m-3"),
                    WriteCondition.NONE);
            expected.put("multi", concat(p1, p2, p3));
        }
        Map<Path, Map<String, byte[]>> before = new LinkedHashMap<>();
        for (Path d : drives) {
            before.put(d, snapshot(d));
        }
        String ctx = n + " drives, seed " + seed;

        // round 1: m drives go bad, half the seeds while the store is running
        boolean whileRunning = seed % 2 == 0;
        List<Integer> bad = pick(r, n, m, List.of());
        List<Damage> modes = new ArrayList<>();
        ErasureObjectStore store = whileRunning ? open(drives) : null;
        for (int d : bad) {
            Damage mode = Damage.values()[r.nextInt(Damage.values().length)];
            modes.add(mode);
            damage(drives.get(d), mode, r);
        }
        String what = ctx + ", damaged " + bad + " with " + modes + (whileRunning ? " while running" : " while down");
        if (store == null) {
            store = open(drives);
        }
        try {
            verifyAll(store, expected, what);
            verifyAll(store, expected, what + " (second read, read-repair racing)");
            store.awaitHealQueue(secs(20));
            // a drive replaced by a file comes back as an empty folder (the disk was swapped)
            for (Path d : drives) {
                if (Files.isRegularFile(d)) {
                    Files.delete(d);
                }
            }
            HealReport report = store.healAll();
            assertThat(report.failed()).as("%s: heal report %s", what, report).isZero();
            assertThat(store.awaitHealQueue(secs(20))).isTrue();
            for (Path d : drives) {
                assertThat(snapshot(d)).as("%s: %s is byte-identical after healing", what, d)
                        .containsOnlyKeys(before.get(d).keySet())
                        .allSatisfy((k, v) -> assertThat(v).as("%s: %s %s", what, d, k).isEqualTo(before.get(d).get(k)));
            }
            for (String key : expected.keySet()) {
                assertThat(store.heal("b", key).state()).as("%s: %s", what, key).isEqualTo(HealResult.State.HEALTHY);
            }
        } finally {
            store.close();
        }

        // round 2: m other drives (where possible) go bad: full redundancy must be back
        List<Integer> others = pick(r, n, m, bad);
        for (int d : others) {
            damage(drives.get(d), Damage.FLIP_EVERYTHING, r);
        }
        try (ErasureObjectStore again = open(drives)) {
            verifyAll(again, expected, ctx + ", round 2 damaged " + others);
        }
    }

    @org.junit.jupiter.api.Test
    void moreThanMBadDrivesFailReadsCleanly() throws Exception {
        List<Path> drives = drives(base, 4);
        byte[] big = random(new SplittableRandom(3), 3 * BLOCK);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            put(store, "b", "big", big);
            put(store, "b", "small", new byte[100]);
            for (Path d : drives.subList(0, 3)) {
                for (Path p : shardFiles(d)) {
                    truncate(p, Files.size(p) / 3 - 1);
                }
                for (Path p : metaFiles(d)) {
                    Files.delete(p);
                }
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> read(store, "b", "small"))
                    .isInstanceOf(io.granary.storage.StorageException.class)
                    .hasMessageContaining("only 1 of 4");
            try (var reader = store.openObject("b", "big")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> readRange(reader, 0, 10))
                        .isInstanceOf(io.granary.storage.StorageException.class)
                        .hasMessageContaining("shards are good");
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> ErasureObjectStore.stream(reader, 0, big.length).readAllBytes())
                        .isInstanceOf(IOException.class);
            }
            assertThat(store.heal("b", "big").state()).isEqualTo(HealResult.State.FAILED);
        }
    }

    static void verifyAll(ErasureObjectStore store, Map<String, byte[]> expected, String what) {
        for (var e : expected.entrySet()) {
            assertThat(read(store, "b", e.getKey())).as("%s: %s", what, e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(store.listObjects("b", new ListQuery("", null, "", 1000)).objects())
                .as("%s: listing", what).extracting(ObjectInfo::key)
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    static List<Integer> pick(SplittableRandom r, int n, int count, List<Integer> avoid) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!avoid.contains(i)) {
                all.add(i);
            }
        }
        List<Integer> out = new ArrayList<>();
        while (out.size() < count && !all.isEmpty()) {
            out.add(all.remove(r.nextInt(all.size())));
        }
        return out;
    }

    static void damage(Path drive, Damage mode, SplittableRandom r) throws IOException {
        switch (mode) {
            case DELETE_FOLDER -> deleteTree(drive);
            case REPLACE_WITH_FILE -> {
                deleteTree(drive);
                Files.writeString(drive, "this disk died");
            }
            case FLIP_SHARD_BYTES -> {
                for (Path p : shardFiles(drive)) {
                    flip(p, r);
                }
            }
            case TRUNCATE_SHARDS -> {
                for (Path p : shardFiles(drive)) {
                    truncate(p, Files.size(p) / 2);
                }
            }
            case TRUNCATE_METADATA -> {
                for (Path p : metaFiles(drive)) {
                    truncate(p, r.nextInt((int) Files.size(p)));
                }
            }
            case DELETE_METADATA -> {
                for (Path p : metaFiles(drive)) {
                    Files.delete(p);
                }
            }
            case CORRUPT_FORMAT -> {
                Path f = drive.resolve("granary-format");
                truncate(f, Files.size(f) / 2);
                for (Path p : shardFiles(drive)) {
                    if (r.nextBoolean()) {
                        flip(p, r);
                    }
                }
            }
            case FLIP_EVERYTHING -> {
                for (Path p : shardFiles(drive)) {
                    flip(p, r);
                }
                for (Path p : metaFiles(drive)) {
                    flip(p, r);
                }
            }
        }
    }

    static void flip(Path p, SplittableRandom r) throws IOException {
        long size = Files.size(p);
        if (size == 0) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            long at = r.nextLong(size);
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ (1 << r.nextInt(8)));
        }
    }

    static void truncate(Path p, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
