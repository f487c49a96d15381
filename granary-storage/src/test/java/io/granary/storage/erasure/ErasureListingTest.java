package io.granary.storage.erasure;

import io.granary.storage.ListPage;
import io.granary.storage.ListQuery;
import io.granary.storage.ObjectInfo;
import io.granary.storage.local.internal.Utf8Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single-folder engine's listing contract (ListQuery semantics, checked against a reference model over random
 * keys) run against the erasure engine, with one set and with two sets, across a reopen and with a drive lost.
 */
class ErasureListingTest {

    @TempDir
    Path base;

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

    static void assertPage(String ctx, ListPage page, List<String> keys, ListQuery q) {
        List<Entry> all = referenceEntries(keys, q);
        List<Entry> expected = all.subList(0, Math.min(q.maxKeys(), all.size()));
        assertThat(entriesOf(page)).as("%s: page for %s", ctx, q).containsExactlyElementsOf(expected);
        assertThat(page.truncated()).as("%s: truncated for %s", ctx, q).isEqualTo(all.size() > q.maxKeys());
        assertThat(page.lastEntry()).as("%s: lastEntry for %s", ctx, q)
                .isEqualTo(expected.isEmpty() ? null : expected.getLast().name());
        assertThat(page.objects()).extracting(ObjectInfo::key).doesNotHaveDuplicates()
                .isSortedAccordingTo(Utf8Order.COMPARATOR);
    }

    private static final String[] PIECES = {"a", "b", "/", "\uD83D\uDE00", "\uFFFD", "ab", "//", "\uE000"};
    private static final String[] PREFIXES = {"", "", "a", "a/", "/", "b", "\uD83D\uDE00", "a/b"};
    private static final String[] DELIMITERS = {null, "", "/", "/", "a", "//", "b/", "\uD83D\uDE00"};

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (long seed = 1; seed <= 20; seed++) {
            out.add(Arguments.of(4, seed));
        }
        for (long seed = 101; seed <= 106; seed++) {
            out.add(Arguments.of(18, seed));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} drives, seed {1}")
    @MethodSource("cases")
    void listingMatchesTheReferenceModel(int n, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> keys = new ArrayList<>();
        int count = r.nextInt(25);
        for (int i = 0; i < count; i++) {
            StringBuilder k = new StringBuilder();
            int parts = 1 + r.nextInt(5);
            for (int j = 0; j < parts; j++) {
                k.append(PIECES[r.nextInt(PIECES.length)]);
            }
            if (!keys.contains(k.toString())) {
                keys.add(k.toString());
            }
        }
        String ctx = n + " drives, seed " + seed + ", keys " + keys;
        List<Path> drives = drives(base, n);
        try (ErasureObjectStore store = open(drives)) {
            store.createBucket("b", "");
            for (String k : keys) {
                put(store, "b", k, k);
            }
            checkAllQueries(store, keys, r, ctx);
        }
        // after a reopen with one drive gone, the index rebuilt by quorum lists the same
        deleteTree(drives.get(r.nextInt(n)));
        Files.writeString(drives.get(0).getParent().resolve("marker"), "x");
        try (ErasureObjectStore store = open(drives)) {
            checkAllQueries(store, keys, r, ctx + " after reopen");
        }
    }

    private static void checkAllQueries(ErasureObjectStore store, List<String> keys, SplittableRandom r, String ctx) {
        for (int t = 0; t < 6; t++) {
            String prefix = PREFIXES[r.nextInt(PREFIXES.length)];
            String delimiter = DELIMITERS[r.nextInt(DELIMITERS.length)];
            int max = 1 + r.nextInt(4);
            String startAfter = "";
            List<Entry> seen = new ArrayList<>();
            for (int pages = 0; pages < 100; pages++) {
                ListQuery q = new ListQuery(prefix, delimiter, startAfter, max);
                ListPage page = store.listObjects("b", q);
                assertPage(ctx, page, keys, q);
                seen.addAll(entriesOf(page));
                if (!page.truncated()) {
                    break;
                }
                startAfter = page.lastEntry();
            }
            ListQuery all = new ListQuery(prefix, delimiter, "", 1);
            assertThat(seen).as("%s: all pages of %s", ctx, all).containsExactlyElementsOf(referenceEntries(keys, all));
        }
    }

    @Test
    void utf8OrderNotUtf16Order() {
        try (ErasureObjectStore store = open(drives(base, 4))) {
            store.createBucket("b", "");
            put(store, "b", "\uD83D\uDE00", "emoji");
            put(store, "b", "\uFFFD", "replacement");
            put(store, "b", "\uE000", "private");
            ListPage p = store.listObjects("b", new ListQuery("", null, "", 10));
            assertThat(p.objects()).extracting(ObjectInfo::key).containsExactly("\uE000", "\uFFFD", "\uD83D\uDE00");
        }
    }

    @Test
    void deletedStartAfterContinuesCorrectly() {
        try (ErasureObjectStore store = open(drives(base, 18))) {
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
}
