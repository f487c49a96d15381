package io.granary.storage.local;

import io.granary.storage.ListPage;
import io.granary.storage.ListQuery;
import io.granary.storage.ObjectInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

class NastyKeysTest {

    static final List<String> KEYS = List.of(
            "/", "//", "/leading", "a//b", "a/./b", "..", "../", "../../../../etc/passwd", "a/../../x",
            "..\\..\\windows", "%2e%2e%2f", "%00", "with space", " ", "  trailing  ", "emoji/\uD83D\uDE00/\uD83C\uDF89",
            "\uD83D\uDE00", "\uFFFD", "\uE000", "nul\u0000inside", "new\nline", "tab\there", "CON", "aux.txt",
            "a:b", "*?<>|\"", "~", ".", "./", "meta", "tmp", "é", "e\u0301", "\u200B", "x".repeat(1024),
            "\uD83D\uDE00".repeat(256));

    @Test
    void nastyKeysRoundTripAndNeverEscapeTheRoot(@TempDir Path parent) throws Exception {
        Path root = parent.resolve("store");
        Files.createDirectories(parent.resolve("sibling"));
        try (LocalObjectStore store = open(root)) {
            store.createBucket("b", "");
            for (String key : KEYS) {
                put(store, "b", key, "v:" + key);
            }
            check(store);
        }
        try (LocalObjectStore store = open(root)) {
            check(store);
            for (String key : KEYS) {
                store.deleteObject("b", key);
            }
            assertThat(store.listObjects("b", new ListQuery("", null, "", 1000)).objects()).isEmpty();
        }
        // nothing was created beside the store folder
        try (var s = Files.list(parent)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("sibling", "store");
        }
        assertThat(entriesUnder(parent.resolve("sibling"))).hasSize(1);
        for (Path p : entriesUnder(root)) {
            assertThat(p.toRealPath()).startsWith(root.toRealPath());
            assertThat(Files.isSymbolicLink(p)).isFalse();
        }
    }

    private static void check(LocalObjectStore store) {
        for (String key : KEYS) {
            assertThat(readString(store, "b", key)).as(key).isEqualTo("v:" + key);
            assertThat(store.headObject("b", key).key()).isEqualTo(key);
        }
        ListPage page = store.listObjects("b", new ListQuery("", null, "", 1000));
        List<String> listed = page.objects().stream().map(ObjectInfo::key).toList();
        List<String> expected = new ArrayList<>(KEYS);
        expected.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(page.truncated()).isFalse();
    }

    @Test
    void distinctKeysNeverCollide(@TempDir Path root) {
        try (LocalObjectStore store = open(root)) {
            store.createBucket("b", "");
            put(store, "b", "a/b", "1");
            put(store, "b", "a%2Fb", "2");
            put(store, "b", "a\\b", "3");
            put(store, "b", "A/B", "4");
            assertThat(readString(store, "b", "a/b")).isEqualTo("1");
            assertThat(readString(store, "b", "a%2Fb")).isEqualTo("2");
            assertThat(readString(store, "b", "a\\b")).isEqualTo("3");
            assertThat(readString(store, "b", "A/B")).isEqualTo("4");
        }
    }
}
