package io.granary.storage.erasure;

import io.granary.storage.ListQuery;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a writer killed at any point leaves behind: shard temp files, data folders without records, a record on fewer
 * drives than the write quorum (the commit died half way), an upload folder that outlived its completion. After a
 * reopen, acknowledged objects read back exactly, nothing unacknowledged appears half-written, and a heal leaves every
 * drive as if the crash had not happened.
 */
class CrashTest {

    @TempDir
    Path base;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int n : new int[] {4, 6}) {
            for (long seed = 1; seed <= 4; seed++) {
                out.add(Arguments.of(n, seed));
            }
        }
        return out.stream();
    }

    /** Copies of one key's object folder on every drive. */
    private static Map<Path, Path> saveObjectDirs(List<Path> drives, String key, Path saveTo) throws IOException {
        Map<Path, Path> out = new java.util.LinkedHashMap<>();
        String h = io.granary.storage.local.internal.Layout.keyHash(key);
        for (Path d : drives) {
            Path dir = d.resolve("buckets/b/objects").resolve(h.substring(0, 2)).resolve(h);
            Path copy = saveTo.resolve(d.getFileName().toString());
            copyTree(dir, copy);
            out.put(dir, copy);
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static Path objectDir(Path drive, String key) {
        String h = io.granary.storage.local.internal.Layout.keyHash(key);
        return drive.resolve("buckets/b/objects").resolve(h.substring(0, 2)).resolve(h);
    }

    @ParameterizedTest(name = "{0} drives, seed {1}")
    @MethodSource("cases")
    void crashedWritesNeverShowHalfWritten(int n, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed * 77 + n);
        List<Path> drives = drives(base.resolve("d"), n);
        byte[] v1 = random(r, 3 * BLOCK + r.nextInt(BLOCK));
        byte[] v2 = random(r, 2 * BLOCK + r.nextInt(BLOCK));
        byte[] stable = random(r, r.nextInt(5 * BLOCK));
        int k;
        int quorum;
        try (ErasureObjectStore store = open(drives)) {
            k = n - store.parity();
            quorum = k == store.parity() ? k + 1 : k;
            store.createBucket("b", "");
            put(store, "b", "stable", stable);
            put(store, "b", "k", v1);
        }
        Map<Path, Map<String, byte[]>> before = new java.util.LinkedHashMap<>();
        for (Path d : drives) {
            before.put(d, snapshot(d));
        }
        Map<Path, Path> saved = saveObjectDirs(drives, "k", base.resolve("saved"));
        // an overwrite whose commit reached only w < quorum drives before the kill (and that was never acknowledged)
        int w = 1 + r.nextInt(quorum - 1);
        try (ErasureObjectStore store = open(drives)) {
            put(store, "b", "k", v2);
            put(store, "b", "ghost", random(r, r.nextBoolean() ? 100 : 3 * BLOCK));
        }
        List<Integer> reached = DamageTest.pick(r, n, w, List.of());
        List<Integer> ghostReached = DamageTest.pick(r, n, k - 1, List.of());
        for (int i = 0; i < n; i++) {
            Path d = drives.get(i);
            if (!reached.contains(i)) {
                Path dir = objectDir(d, "k");
                deleteTree(dir);
                copyTree(saved.get(dir), dir);
            }
            if (!ghostReached.contains(i)) {
                deleteTree(objectDir(d, "ghost"));
            }
            // leftovers of writers killed before their commit
            Files.write(d.resolve("tmp").resolve("0123456789abcdef0123456789abcdef.shard"), random(r, 500));
            Path orphan = objectDir(d, "k").resolve("fedcba9876543210fedcba9876543210");
            Files.createDirectories(orphan);
            Files.write(orphan.resolve("part.1"), random(r, 300));
            Path neverCommitted = objectDir(d, "never");
            Files.createDirectories(neverCommitted.resolve("00112233445566778899aabbccddeeff"));
            Files.write(neverCommitted.resolve("00112233445566778899aabbccddeeff/part.1"), random(r, 64));
        }
        String ctx = n + " drives, seed " + seed + ", overwrite reached " + reached + ", ghost reached " + ghostReached;
        try (ErasureObjectStore store = open(drives)) {
            byte[] got = read(store, "b", "k");
            // w copies of v2 against n - w of v1: v1 unless it is a tie the newer whole version wins
            if (w < n - w) {
                assertThat(got).as(ctx).isEqualTo(v1);
            } else {
                assertThat(got).as(ctx).isIn(v1, v2);
            }
            assertThat(read(store, "b", "stable")).as(ctx).isEqualTo(stable);
            assertThatThrownBy(() -> store.headObject("b", "ghost")).as(ctx).isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> store.headObject("b", "never")).as(ctx).isInstanceOf(StorageException.class);
            assertThat(store.listObjects("b", new ListQuery("", null, "", 100)).objects()).as(ctx)
                    .extracting(o -> o.key()).containsExactly("k", "stable");
            for (Path d : drives) {
                assertThat(d.resolve("tmp").resolve("0123456789abcdef0123456789abcdef.shard")).as(ctx).doesNotExist();
                assertThat(objectDir(d, "k").resolve("fedcba9876543210fedcba9876543210")).as(ctx).doesNotExist();
                assertThat(Files.exists(objectDir(d, "ghost"))).as(ctx + " ghost cleaned on " + d).isFalse();
                assertThat(Files.exists(objectDir(d, "never"))).as(ctx + " never cleaned on " + d).isFalse();
            }
            store.awaitHealQueue(secs(20));
            assertThat(store.healAll().failed()).isZero();
            if (w < n - w) {
                for (Path d : drives) {
                    assertThat(snapshot(d)).as("%s: %s byte-identical after heal", ctx, d)
                            .containsOnlyKeys(before.get(d).keySet())
                            .allSatisfy((f, b) -> assertThat(b).as("%s %s", d, f).isEqualTo(before.get(d).get(f)));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} drives, seed {1}")
    @MethodSource("cases")
    void crashedMultipartCompletes(int n, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed * 13 + n);
        List<Path> drives = drives(base.resolve("d"), n);
        byte[] p1 = random(r, BLOCK + r.nextInt(BLOCK));
        byte[] p2 = random(r, r.nextInt(2 * BLOCK));
        String id;
        int k;
        try (ErasureObjectStore store = open(drives)) {
            k = n - store.parity();
            store.createBucket("b", "");
            id = store.createMultipartUpload("b", "mp", ObjectMetadata.ofEtag(""));
            putPart(store, "b", "mp", id, 1, p1);
            putPart(store, "b", "mp", id, 2, p2);
        }
        Map<Path, Path> uploads = new java.util.LinkedHashMap<>();
        for (Path d : drives) {
            Path up = d.resolve("multipart/b").resolve(id);
            Path copy = base.resolve("saved").resolve(d.getFileName().toString());
            copyTree(up, copy);
            uploads.put(up, copy);
        }
        boolean completeReachedQuorum = r.nextBoolean();
        try (ErasureObjectStore store = open(drives)) {
            store.completeMultipartUpload("b", "mp", id, List.of(1, 2), ObjectMetadata.ofEtag("x-2"),
                    WriteCondition.NONE);
        }
        // the kill came before the upload folders were removed, and (sometimes) before the record reached k drives
        List<Integer> reached = DamageTest.pick(r, n, k - 1, List.of());
        for (int i = 0; i < n; i++) {
            Path d = drives.get(i);
            for (var e : uploads.entrySet()) {
                if (e.getKey().startsWith(d)) {
                    copyTree(e.getValue(), e.getKey());
                }
            }
            if (!completeReachedQuorum && !reached.contains(i)) {
                deleteTree(objectDir(d, "mp"));
            }
        }
        String ctx = n + " drives, seed " + seed + ", complete reached quorum " + completeReachedQuorum;
        try (ErasureObjectStore store = open(drives)) {
            if (completeReachedQuorum) {
                assertThat(read(store, "b", "mp")).as(ctx).isEqualTo(DamageTest.concat(p1, p2));
                assertThatThrownBy(() -> store.multipartUpload("b", "mp", id)).as(ctx)
                        .isInstanceOf(StorageException.class);
                for (Path d : drives) {
                    assertThat(Files.exists(d.resolve("multipart/b").resolve(id))).as(ctx).isFalse();
                }
            } else {
                assertThatThrownBy(() -> store.headObject("b", "mp")).as(ctx).isInstanceOf(StorageException.class);
                assertThat(store.listParts("b", "mp", id, 0, 100)).as(ctx).hasSize(2);
                store.completeMultipartUpload("b", "mp", id, List.of(1, 2), ObjectMetadata.ofEtag("x-2"),
                        WriteCondition.NONE);
                assertThat(read(store, "b", "mp")).as(ctx).isEqualTo(DamageTest.concat(p1, p2));
            }
        }
    }

}
