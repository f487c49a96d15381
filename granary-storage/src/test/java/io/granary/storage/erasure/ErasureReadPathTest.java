package io.granary.storage.erasure;

import io.granary.storage.ObjectReader;
import io.granary.storage.erasure.internal.EcContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read path of the erasure engine: a healthy read uses only the k drives of the data shards and decodes nothing;
 * a missing or corrupt data shard (record or chunk) makes it fall back to parity and queue the object for healing;
 * reads into direct buffers (what the server passes) of any size and range return exactly the stored bytes.
 */
class ErasureReadPathTest {

    @TempDir
    Path base;

    /** 4 drives (k = 2, m = 2): an inline object, one block, several blocks with a short last one. */
    private static final int[] SIZES = {300, INLINE, BLOCK, 3 * BLOCK + 5};

    private Map<String, byte[]> fill(ErasureObjectStore store, SplittableRandom r) {
        store.createBucket("b", "");
        Map<String, byte[]> objects = new LinkedHashMap<>();
        for (int size : SIZES) {
            byte[] data = random(r, size);
            put(store, "b", "k" + size, data);
            objects.put("k" + size, data);
        }
        return objects;
    }

    /** Drive positions holding the data shards of {@code key} (rotation as in docs/FORMAT.md). */
    private static List<Integer> dataDrives(String key, int n, int k) {
        int rot = EcContext.rotation(key, n);
        return java.util.stream.IntStream.range(0, k).map(s -> (s + rot) % n).boxed().toList();
    }

    private static List<Integer> parityDrives(String key, int n, int k) {
        List<Integer> data = dataDrives(key, n, k);
        return java.util.stream.IntStream.range(0, n).filter(p -> !data.contains(p)).boxed().toList();
    }

    private static Path objectDir(Path drive, String key) {
        return new io.granary.storage.local.internal.Layout(drive).objectDir("b", key);
    }

    /** Flips one byte in the middle of every file under {@code dir} (records and shard streams). */
    private static void corruptAll(Path dir) throws IOException {
        for (Path p : filesUnder(dir, "")) {
            flipMiddle(p);
        }
    }

    private static void flipMiddle(Path p) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5A);
        }
    }

    /** Reads a range through the channel face of the stream, into direct buffers of {@code bufSize} bytes. */
    private static byte[] readDirect(ObjectReader reader, long offset, long length, int bufSize) throws IOException {
        InputStream in = ErasureObjectStore.stream(reader, offset, length);
        assertThat(in).isInstanceOf(ReadableByteChannel.class);
        ReadableByteChannel ch = (ReadableByteChannel) in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocateDirect(bufSize);
        while (true) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                break;
            }
            assertThat(n).as("a read returns at least one byte").isPositive();
            buf.flip();
            byte[] b = new byte[n];
            buf.get(b);
            out.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void aHealthyReadTouchesOnlyTheDataShardDrives() throws Exception {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            Map<String, byte[]> objects = fill(store, new SplittableRandom(7));
            // (while running, so that only reads can notice) every record and shard of the parity drives goes bad:
            // a read that needs only the data shards never sees it
            for (String key : objects.keySet()) {
                for (int p : parityDrives(key, 4, 2)) {
                    corruptAll(objectDir(drives.get(p), key));
                }
            }
            for (var e : objects.entrySet()) {
                try (ObjectReader r = store.openObject("b", e.getKey())) {
                    assertThat(readDirect(r, 0, e.getValue().length, 1 << 20)).isEqualTo(e.getValue());
                }
                assertThat(read(store, "b", e.getKey())).isEqualTo(e.getValue());
            }
            assertThat(store.pendingHeals()).as("nothing was read from the damaged drives").isZero();
            // the damage is still there for the scanner (here: an explicit heal) to find and repair
            for (String key : objects.keySet()) {
                HealResult h = store.heal("b", key);
                assertThat(h.state()).as(key).isEqualTo(HealResult.State.HEALED);
                assertThat(h.drivesRepaired()).as(key).isEqualTo(2);
            }
        }
    }

    @ParameterizedTest(name = "corrupt {0}")
    @ValueSource(strings = {"record", "chunk", "both"})
    void aCorruptDataShardFallsBackToParityAndQueuesHealing(String what) throws Exception {
        List<Path> drives = drives(base, 4);
        try (ErasureObjectStore store = open(drives)) {
            Map<String, byte[]> objects = fill(store, new SplittableRandom(11));
            Map<Path, Map<String, byte[]>> before = new LinkedHashMap<>();
            for (Path d : drives) {
                before.put(d, snapshot(d));
            }
            for (String key : objects.keySet()) {
                Path dir = objectDir(drives.get(dataDrives(key, 4, 2).getFirst()), key);
                boolean inline = filesUnder(dir, "").size() == 1;
                if (what.equals("record") || what.equals("both") || inline) {
                    flipMiddle(dir.resolve("meta"));
                }
                if (!inline && !what.equals("record")) {
                    for (Path p : filesUnder(dir, "")) {
                        if (p.getFileName().toString().startsWith("part.")) {
                            flipMiddle(p); // bitrot inside a data chunk: its hash must catch it
                        }
                    }
                }
            }
            for (var e : objects.entrySet()) {
                try (ObjectReader r = store.openObject("b", e.getKey())) {
                    assertThat(readDirect(r, 0, e.getValue().length, 1 << 20)).as(e.getKey())
                            .isEqualTo(e.getValue());
                }
            }
            assertThat(store.awaitHealQueue(secs(20))).isTrue();
            for (Path d : drives) {
                assertThat(snapshot(d)).as("%s healed by read-repair", d).containsOnlyKeys(before.get(d).keySet())
                        .allSatisfy((f, b) -> assertThat(b).as("%s %s", d, f).isEqualTo(before.get(d).get(f)));
            }
        }
    }

    @Test
    void rangesIntoBuffersOfAnySizeReturnTheStoredBytes() throws Exception {
        List<Path> drives = drives(base, 4);
        SplittableRandom r = new SplittableRandom(5);
        try (ErasureObjectStore store = open(drives)) {
            Map<String, byte[]> objects = fill(store, r);
            // one object also has a bad data chunk (until read-repair mends it): ranges mix the healthy path and decoding
            String damaged = "k" + (3 * BLOCK + 5);
            for (Path p : filesUnder(objectDir(drives.get(dataDrives(damaged, 4, 2).get(1)), damaged), "")) {
                if (p.getFileName().toString().startsWith("part.")) {
                    flipMiddle(p);
                }
            }
            for (int i = 0; i < 300; i++) {
                var e = objects.entrySet().stream().skip(r.nextInt(objects.size())).findFirst().orElseThrow();
                byte[] want = e.getValue();
                int off = r.nextInt(want.length);
                int len = r.nextInt(want.length - off + 1);
                int buf = 1 + r.nextInt(3 * BLOCK);
                try (ObjectReader reader = store.openObject("b", e.getKey())) {
                    assertThat(readDirect(reader, off, len, buf)).as("%s [%d, +%d) in %d-byte buffers", e.getKey(),
                            off, len, buf).isEqualTo(Arrays.copyOfRange(want, off, off + len));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} drives")
    @ValueSource(ints = {4, 6})
    void writesOfEverySizeAndPieceReadBack(int n) throws Exception {
        // 6 drives: k = 3 does not divide the block size, so full blocks carry padding in their last data chunk
        List<Path> drives = drives(base, n);
        SplittableRandom r = new SplittableRandom(n);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            for (int size : new int[] {0, 1, INLINE, INLINE + 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK,
                    5 * BLOCK + 333}) {
                for (int piece : new int[] {1, 1000, BLOCK + 7}) {
                    if (piece == 1 && size > 2 * BLOCK) {
                        continue;
                    }
                    byte[] data = random(r, size);
                    String key = "w" + size + "-" + piece;
                    try (var w = store.newObjectWriter("b", key)) {
                        for (int off = 0; off < size; off += piece) {
                            ByteBuffer src = ByteBuffer.allocateDirect(Math.min(piece, size - off));
                            src.put(data, off, src.remaining()).flip();
                            w.write(src);
                        }
                        assertThat(w.size()).isEqualTo(size);
                        w.commit(io.granary.storage.ObjectMetadata.ofEtag("e"), io.granary.storage.WriteCondition.NONE);
                    }
                    assertThat(read(store, "b", key)).as(key).isEqualTo(data);
                    assertThat(store.heal("b", key).state()).as(key).isEqualTo(HealResult.State.HEALTHY);
                }
            }
        }
        assertThat(Files.exists(base)).isTrue();
    }
}
