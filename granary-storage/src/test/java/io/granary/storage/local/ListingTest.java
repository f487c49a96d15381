package io.granary.storage.local;

import io.granary.storage.ListPage;
import io.granary.storage.ListQuery;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.local.internal.Lister;
import io.granary.storage.local.internal.Utf8Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class ListingTest {

    // ---- reference model: all entries (keys and common prefixes) of the query, sorted, then filtered ----

    record Entry(String name, boolean commonPrefix) {}

    static List<Entry> referenceEntries(List<String> keys, ListQuery q) {
        TreeMap<String, Boolean> entries = new TreeMap<>(Utf8Order.COMPARATOR);
        for (String k : keys) {
            if (!k.startsWith(q.prefix())) {
                continue;
            }
            int i = q.delimiter() == null ? -1 : k.indexOf(q.delimiter(), q.prefix().length());
            if (i >= 0) {
                entries.put(k.substring(0, i + q.delimiter().length()), true);
            } else {
                entries.put(k, false);
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : entries.tailMap(q.startAfter(), false).entrySet()) {
            out.add(new Entry(e.getKey(), e.getValue()));
        }
        return out;
    }

    static List<Entry> entriesOf(ListPage page) {
        List<Entry> out = new ArrayList<>();
        page.objects().forEach(o -> out.add(new Entry(o.key(), false)));
        page.commonPrefixes().forEach(p -> out.add(new Entry(p, true)));
        out.sort((a, b) -> Utf8Order.compare(a.name(), b.name()));
        return out;
    }

    /** {@code ctx} names the case (seed and keys) in every assertion message. */
    static void assertPageMatchesReference(String ctx, ListPage page, List<String> keys, ListQuery q) {
        List<Entry> all = referenceEntries(keys, q);
        List<Entry> expected = all.subList(0, Math.min(q.maxKeys(), all.size()));
        assertThat(entriesOf(page)).as("%s: page for %s", ctx, q).containsExactlyElementsOf(expected);
        assertThat(page.truncated()).as("%s: truncated for %s", ctx, q).isEqualTo(all.size() > q.maxKeys());
        assertThat(page.lastEntry()).as("%s: lastEntry for %s", ctx, q)
                .isEqualTo(expected.isEmpty() ? null : expected.getLast().name());
        assertThat(page.commonPrefixes()).as("%s: common prefixes for %s", ctx, q)
                .doesNotHaveDuplicates().isSortedAccordingTo(Utf8Order.COMPARATOR);
        assertThat(page.objects()).as("%s: object keys for %s", ctx, q)
                .extracting(ObjectInfo::key).isSortedAccordingTo(Utf8Order.COMPARATOR);
    }

    static NavigableMap<String, ObjectInfo> index(List<String> keys) {
        NavigableMap<String, ObjectInfo> m = new ConcurrentSkipListMap<>(Utf8Order.COMPARATOR);
        for (String k : keys) {
            m.put(k, new ObjectInfo("b", k, 1, Instant.EPOCH, ObjectMetadata.ofEtag("e")));
        }
        return m;
    }

    // ---- randomized properties: each seed reproduces its inputs (see RandomInputs) ----

    private static final String[] KEY_PIECES = {"a", "b", "/", "\uD83D\uDE00", "\uFFFD", "ab", "//"};
    // repeated values are deliberate: they weight the choice
    private static final String[] PREFIXES = {"", "", "a", "a/", "/", "b", "\uD83D\uDE00", "a/b"};
    private static final String[] DELIMITERS = {null, "", "/", "/", "a", "//", "b/", "\uD83D\uDE00", "\uFFFD/"};
    private static final String[] START_POINTS = {"", "", "", "a", "a/", "a/b", "/", "b", "\uFFFD", "zzz"};

    /** A key of 1..5 pieces. */
    static String keyish(SplittableRandom r) {
        return String.join("", RandomInputs.list(r, 1, 5, t -> RandomInputs.oneOf(t, KEY_PIECES)));
    }

    /** 0..14 keys, duplicates removed (first occurrence kept). */
    static List<String> keys(SplittableRandom r) {
        return RandomInputs.list(r, 0, 14, ListingTest::keyish).stream().distinct().toList();
    }

    static String describe(long seed, List<String> keys) {
        return "seed " + seed + ", keys " + keys.stream().map(RandomInputs::literal).toList();
    }

    static LongStream seeds1500() {
        return RandomInputs.seeds(1500);
    }

    static LongStream seeds40() {
        return RandomInputs.seeds(40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds1500")
    void pagingMatchesReferenceModel(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> keys = keys(r);
        String prefix = RandomInputs.oneOf(r, PREFIXES);
        String delimiter = RandomInputs.oneOf(r, DELIMITERS);
        int max = RandomInputs.between(r, 1, 6);
        String firstStart = RandomInputs.oneOf(r, START_POINTS);
        String ctx = describe(seed, keys);

        NavigableMap<String, ObjectInfo> idx = index(keys);
        ListQuery firstQuery = new ListQuery(prefix, delimiter, firstStart, max);
        List<Entry> expectedAll = referenceEntries(keys, firstQuery);
        List<Entry> seen = new ArrayList<>();
        String startAfter = firstStart;
        for (int pages = 0; pages <= expectedAll.size() + 1; pages++) {
            ListQuery q = new ListQuery(prefix, delimiter, startAfter, max);
            ListPage page = Lister.list(idx, q, o -> o);
            assertPageMatchesReference(ctx, page, keys, q);
            seen.addAll(entriesOf(page));
            if (!page.truncated()) {
                break;
            }
            assertThat(page.objects().size() + page.commonPrefixes().size())
                    .as("%s: full truncated page for %s", ctx, q).isEqualTo(max);
            startAfter = page.lastEntry();
        }
        assertThat(seen).as("%s: all pages of %s", ctx, firstQuery).containsExactlyElementsOf(expectedAll);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds40")
    void storeListingMatchesReferenceModel(long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> keys = keys(r);
        String prefix = RandomInputs.oneOf(r, PREFIXES);
        String delimiter = RandomInputs.oneOf(r, DELIMITERS);
        int max = RandomInputs.between(r, 1, 4);
        String ctx = describe(seed, keys);

        Path dir = Files.createTempDirectory("granary-list");
        try (LocalObjectStore store = open(dir)) {
            store.createBucket("b", "");
            for (String k : keys) {
                put(store, "b", k, k);
            }
            String startAfter = "";
            List<Entry> seen = new ArrayList<>();
            while (true) {
                ListQuery q = new ListQuery(prefix, delimiter, startAfter, max);
                ListPage page = store.listObjects("b", q);
                assertPageMatchesReference(ctx, page, keys, q);
                seen.addAll(entriesOf(page));
                if (!page.truncated()) {
                    break;
                }
                startAfter = page.lastEntry();
            }
            ListQuery all = new ListQuery(prefix, delimiter, "", 1);
            assertThat(seen).as("%s: all pages of %s", ctx, all).containsExactlyElementsOf(referenceEntries(keys, all));
        } finally {
            io.granary.storage.local.internal.FsUtil.deleteRecursively(dir);
        }
    }

    // ---- examples ----

    private static ListPage list(NavigableMap<String, ObjectInfo> idx, String prefix, String delim, String after,
                                 int max) {
        return Lister.list(idx, new ListQuery(prefix, delim, after, max), o -> o);
    }

    private static List<String> names(ListPage p) {
        return entriesOf(p).stream().map(Entry::name).toList();
    }

    @Test
    void delimiterRollsUpAndFolderMarkersDoNotDuplicate() {
        var idx = index(List.of("folder/", "folder/a", "folder/b/c", "folder2", "top", "x/y"));
        ListPage p = list(idx, "", "/", "", 100);
        assertThat(p.commonPrefixes()).containsExactly("folder/", "x/");
        assertThat(p.objects()).extracting(ObjectInfo::key).containsExactly("folder2", "top");
        assertThat(p.truncated()).isFalse();
        assertThat(p.lastEntry()).isEqualTo("x/");

        ListPage inside = list(idx, "folder/", "/", "", 100);
        assertThat(inside.objects()).extracting(ObjectInfo::key).containsExactly("folder/", "folder/a");
        assertThat(inside.commonPrefixes()).containsExactly("folder/b/");
    }

    @Test
    void multiCharacterDelimiter() {
        var idx = index(List.of("a--b--c", "a--d", "a-e", "b--", "c"));
        assertThat(names(list(idx, "", "--", "", 100))).containsExactly("a--", "a-e", "b--", "c");
        assertThat(names(list(idx, "a--", "--", "", 100))).containsExactly("a--b--", "a--d");
    }

    @Test
    void startAfterInsideAReturnedGroupContinuesAfterTheGroup() {
        var idx = index(List.of("a/1", "a/2", "a/3", "a0", "b/1"));
        assertThat(names(list(idx, "", "/", "a/", 100))).containsExactly("a0", "b/");
        assertThat(names(list(idx, "", "/", "a/2", 100))).containsExactly("a0", "b/");
        assertThat(names(list(idx, "", "/", "a", 100))).containsExactly("a/", "a0", "b/");
        // without a delimiter the same start point lists the keys after it
        assertThat(names(list(idx, "", null, "a/2", 100))).containsExactly("a/3", "a0", "b/1");
    }

    @Test
    void pagesNeverStopEarlyAndTruncationIsExact() {
        var idx = index(List.of("a/1", "a/2", "b/1", "c", "d/1", "d/2"));
        ListPage p1 = list(idx, "", "/", "", 2);
        assertThat(names(p1)).containsExactly("a/", "b/");
        assertThat(p1.truncated()).isTrue();
        ListPage p2 = list(idx, "", "/", p1.lastEntry(), 2);
        assertThat(names(p2)).containsExactly("c", "d/");
        assertThat(p2.truncated()).isFalse(); // nothing remains: exactly full page, not truncated
        ListPage zero = list(idx, "", "/", "", 0);
        assertThat(names(zero)).isEmpty();
        assertThat(zero.truncated()).isTrue();
        assertThat(list(index(List.of()), "", null, "", 0).truncated()).isFalse();
    }

    @Test
    void prefixOutsideStartAfter() {
        var idx = index(List.of("a", "b/1", "b/2", "c"));
        assertThat(names(list(idx, "b/", null, "", 10))).containsExactly("b/1", "b/2");
        assertThat(names(list(idx, "b/", null, "a", 10))).containsExactly("b/1", "b/2");
        assertThat(names(list(idx, "b/", null, "b/1", 10))).containsExactly("b/2");
        assertThat(names(list(idx, "b/", null, "c", 10))).isEmpty();
    }

    @Test
    void listingSkipsRolledUpKeysBySeeking() {
        AtomicInteger lookups = new AtomicInteger();
        NavigableMap<String, ObjectInfo> idx = new ConcurrentSkipListMap<>(Utf8Order.COMPARATOR) {
            @Override
            public Map.Entry<String, ObjectInfo> ceilingEntry(String key) {
                lookups.incrementAndGet();
                return super.ceilingEntry(key);
            }

            @Override
            public Map.Entry<String, ObjectInfo> higherEntry(String key) {
                lookups.incrementAndGet();
                return super.higherEntry(key);
            }
        };
        for (String k : index(List.of("after", "zz/1")).keySet()) {
            idx.put(k, new ObjectInfo("b", k, 1, Instant.EPOCH, ObjectMetadata.ofEtag("e")));
        }
        ObjectInfo big = new ObjectInfo("b", "big/", 1, Instant.EPOCH, ObjectMetadata.ofEtag("e"));
        for (int i = 0; i < 50_000; i++) {
            idx.put("big/" + i, big);
        }
        lookups.set(0);
        ListPage p = list(idx, "", "/", "", 1000);
        assertThat(names(p)).containsExactly("after", "big/", "zz/");
        assertThat(lookups.get()).isLessThan(10);
    }

    @Test
    void deletedStartAfterContinuesCorrectly(@TempDir Path dir) {
        try (LocalObjectStore store = open(dir)) {
            store.createBucket("b", "");
            for (String k : List.of("a", "b", "c", "d", "e")) {
                put(store, "b", k, k);
            }
            ListPage p1 = store.listObjects("b", new ListQuery("", null, "", 3));
            assertThat(p1.lastEntry()).isEqualTo("c");
            store.deleteObject("b", "c");
            store.deleteObject("b", "b");
            put(store, "b", "cc", "new");
            ListPage p2 = store.listObjects("b", new ListQuery("", null, p1.lastEntry(), 3));
            assertThat(p2.objects()).extracting(ObjectInfo::key).containsExactly("cc", "d", "e");
            assertThat(p2.truncated()).isFalse();
        }
    }

    @Test
    void utf8OrderNotUtf16Order(@TempDir Path dir) {
        try (LocalObjectStore store = open(dir)) {
            store.createBucket("b", "");
            put(store, "b", "\uD83D\uDE00", "emoji");
            put(store, "b", "\uFFFD", "replacement");
            put(store, "b", "\uE000", "private");
            ListPage p = store.listObjects("b", new ListQuery("", null, "", 10));
            assertThat(p.objects()).extracting(ObjectInfo::key).containsExactly("\uE000", "\uFFFD", "\uD83D\uDE00");
            ListPage after = store.listObjects("b", new ListQuery("", null, "\uFFFD", 10));
            assertThat(after.objects()).extracting(ObjectInfo::key).containsExactly("\uD83D\uDE00");
        }
    }
}
