package io.granary.storage.local;

import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectWriter;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import io.granary.storage.local.internal.Layout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static io.granary.storage.local.InlineObjectsTest.dataFiles;
import static io.granary.storage.local.RandomInputs.between;
import static io.granary.storage.local.RandomInputs.oneOf;
import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random runs of puts (sizes around the inline threshold, written in random chunks), deletes, metadata
 * updates, readers held across changes and store reopens, checked against a model after every step: every read is
 * the model's bytes, a held reader keeps the bytes it opened, and only the current versions' files stay on disk.
 */
class InlinePropertyTest {

    static LongStream seeds() {
        return RandomInputs.seeds(60);
    }

    private record Held(ObjectReader reader, byte[] bytes) {}

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void storeMatchesTheModel(long seed, @TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        int threshold = oneOf(r, 0, 1, 7, 64, 300);
        String why = "seed " + seed + ", threshold " + threshold;
        Map<String, byte[]> model = new HashMap<>();
        Map<String, String> tags = new HashMap<>();
        List<Held> held = new ArrayList<>();
        LocalObjectStore store = open(dir, threshold);
        try {
            store.createBucket("b", "");
            for (int step = 0; step < 40; step++) {
                String key = "k" + r.nextInt(4);
                int op = r.nextInt(100);
                if (op < 50) {
                    byte[] data = bytes(size(r, threshold), step);
                    putInChunks(r, store, key, data);
                    model.put(key, data);
                    tags.remove(key);
                } else if (op < 62) {
                    store.deleteObject("b", key);
                    model.remove(key);
                    tags.remove(key);
                } else if (op < 74 && model.containsKey(key)) {
                    String tag = "t" + step;
                    store.updateMetadata("b", key, m -> m.withTags(Map.of("step", tag)));
                    tags.put(key, tag);
                } else if (op < 86 && model.containsKey(key) && held.size() < 3) {
                    held.add(new Held(store.openObject("b", key), model.get(key)));
                } else if (op < 94 && !held.isEmpty()) {
                    held.remove(r.nextInt(held.size())).reader().close();
                } else {
                    held.forEach(h -> h.reader().close());
                    held.clear();
                    store.close();
                    store = open(dir, threshold);
                }
                for (Held h : held) {
                    assertThat(readRange(h.reader(), 0, h.bytes().length)).as("%s step %d held", why, step)
                            .isEqualTo(h.bytes());
                }
                check(store, model, tags, why + " step " + step);
            }
            held.forEach(h -> h.reader().close());
            held.clear();
            for (String key : model.keySet()) {
                Path objectDir = new Layout(dir).objectDir("b", key);
                boolean inline = threshold > 0 && model.get(key).length <= threshold;
                assertThat(dataFiles(objectDir)).as("%s %s", why, key).hasSize(inline ? 0 : 1);
            }
            assertThat(filesUnder(dir.resolve("buckets/b/objects")).size()).as(why)
                    .isEqualTo(model.size() + (int) model.values().stream()
                            .filter(d -> threshold == 0 || d.length > threshold).count());
            assertThat(filesUnder(dir.resolve("tmp"))).as(why).isEmpty();
        } finally {
            held.forEach(h -> h.reader().close());
            store.close();
        }
    }

    /** Mostly right around the threshold, sometimes anywhere up to three times it. */
    private static int size(SplittableRandom r, int threshold) {
        return Math.max(0, oneOf(r, 0, threshold - 1, threshold, threshold, threshold + 1, between(r, 0, 3 * threshold
                + 3)));
    }

    private static void putInChunks(SplittableRandom r, LocalObjectStore store, String key, byte[] data) {
        try (ObjectWriter w = store.newObjectWriter("b", key)) {
            int off = 0;
            while (off < data.length || r.nextInt(4) == 0) {
                int n = Math.min(data.length - off, between(r, 0, Math.max(1, data.length / 2)));
                w.write(ByteBuffer.wrap(data, off, n));
                off += n;
                if (off == data.length && data.length > 0) {
                    break;
                }
            }
            assertThat(w.size()).isEqualTo(data.length);
            w.commit(ObjectMetadata.ofEtag("e" + data.length), WriteCondition.NONE);
        }
    }

    private static void check(LocalObjectStore store, Map<String, byte[]> model, Map<String, String> tags,
                              String why) {
        for (int i = 0; i < 4; i++) {
            String key = "k" + i;
            byte[] want = model.get(key);
            if (want == null) {
                try {
                    store.headObject("b", key);
                    throw new AssertionError(why + ": " + key + " should be gone");
                } catch (StorageException e) {
                    assertThat(e.error()).as(why).isEqualTo(StorageError.NO_SUCH_KEY);
                }
                continue;
            }
            assertThat(read(store, "b", key)).as("%s %s", why, key).isEqualTo(want);
            Map<String, String> t = store.headObject("b", key).metadata().tags();
            assertThat(t.get("step")).as("%s %s tags", why, key).isEqualTo(tags.get(key));
        }
    }
}
