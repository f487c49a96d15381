package io.granary.storage.erasure;

import io.granary.storage.ListQuery;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static io.granary.storage.erasure.EcTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes need k drives (k+1 when k = m); fewer fail with nothing visible, before or after a reopen. */
class WriteQuorumTest {

    @TempDir
    Path base;

    private static void kill(Path drive) throws Exception {
        deleteTree(drive);
        Files.writeString(drive, "dead");
    }

    @ParameterizedTest(name = "{0} drives")
    @ValueSource(ints = {4, 6})
    void writesFailWithoutQuorumAndLeaveNothing(int n) throws Exception {
        List<Path> drives = drives(base, n);
        SplittableRandom r = new SplittableRandom(n);
        byte[] old = random(r, 2 * BLOCK);
        try (ErasureObjectStore store = open(drives)) {
            int m = store.parity();
            int k = n - m;
            int quorum = k == m ? k + 1 : k;
            store.createBucket("b", "");
            put(store, "b", "existing", old);
            String upload = store.createMultipartUpload("b", "mp", ObjectMetadata.ofEtag(""));
            // lose drives until just below quorum
            for (int i = 0; i < n - quorum + 1; i++) {
                kill(drives.get(i));
            }
            for (int size : new int[] {10, INLINE + 5, 5 * BLOCK}) {
                assertThatThrownBy(() -> put(store, "b", "new" + size, random(r, size)))
                        .as("size %d", size).isInstanceOf(StorageException.class)
                        .extracting(e -> ((StorageException) e).error()).isEqualTo(StorageError.INTERNAL);
                assertThatThrownBy(() -> put(store, "b", "existing", random(r, size)))
                        .isInstanceOf(StorageException.class);
            }
            assertThatThrownBy(() -> putPart(store, "b", "mp", upload, 1, random(r, BLOCK)))
                    .isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> store.createMultipartUpload("b", "mp2", ObjectMetadata.ofEtag("")))
                    .isInstanceOf(StorageException.class);
            assertThatThrownBy(() -> store.deleteObject("b", "existing")).isInstanceOf(StorageException.class);
            // still readable (n - quorum + 1 <= m lost), and nothing new is visible
            assertThat(read(store, "b", "existing")).isEqualTo(old);
            assertThat(store.listObjects("b", new ListQuery("", null, "", 100)).objects())
                    .extracting(o -> o.key()).containsExactly("existing");
            for (Path d : drives.subList(n - quorum + 1, n)) {
                assertThat(filesUnder(d.resolve("tmp"), "")).isEmpty();
                assertThat(metaFiles(d)).hasSize(1);
                assertThat(shardFiles(d)).hasSize(1);
            }
        }
        try (ErasureObjectStore store = open(drives)) {
            assertThat(read(store, "b", "existing")).isEqualTo(old);
            assertThat(store.listObjects("b", new ListQuery("", null, "", 100)).objects())
                    .extracting(o -> o.key()).containsExactly("existing");
        }
    }

    @ParameterizedTest(name = "{0} drives")
    @ValueSource(ints = {4, 6})
    void writesSucceedWithQuorumAndHealFillsTheRest(int n) throws Exception {
        List<Path> drives = drives(base, n);
        SplittableRandom r = new SplittableRandom(n);
        try (ErasureObjectStore store = open(drives)) {
            int m = store.parity();
            int k = n - m;
            int quorum = k == m ? k + 1 : k;
            store.createBucket("b", "");
            for (int i = 0; i < n - quorum; i++) {
                kill(drives.get(i));
            }
            byte[] small = random(r, 100);
            byte[] big = random(r, 4 * BLOCK + 1);
            put(store, "b", "small", small, ObjectMetadata.ofEtag("s"), WriteCondition.NONE);
            put(store, "b", "big", big);
            String id = store.createMultipartUpload("b", "mp", ObjectMetadata.ofEtag(""));
            byte[] part = random(r, 2 * BLOCK);
            putPart(store, "b", "mp", id, 1, part);
            store.completeMultipartUpload("b", "mp", id, List.of(1), ObjectMetadata.ofEtag("x-1"),
                    WriteCondition.NONE);
            assertThat(read(store, "b", "small")).isEqualTo(small);
            assertThat(read(store, "b", "big")).isEqualTo(big);
            assertThat(read(store, "b", "mp")).isEqualTo(part);
            // the disks are replaced: heal-all refills them
            for (int i = 0; i < n - quorum; i++) {
                Files.delete(drives.get(i));
            }
            HealReport report = store.healAll();
            assertThat(report.failed()).as("%s", report).isZero();
            for (Path d : drives) {
                assertThat(metaFiles(d)).as("%s", d).hasSize(3);
                assertThat(shardFiles(d)).as("%s", d).hasSize(2);
            }
        }
        // full redundancy: lose m drives (the ones that were written during the outage)
        try (ErasureObjectStore store = open(drives)) {
            int m = store.parity();
            for (int i = n - 1; i >= n - m; i--) {
                kill(drives.get(i));
            }
        }
        try (ErasureObjectStore store = open(drives)) {
            assertThat(read(store, "b", "big")).hasSize(4 * BLOCK + 1);
            assertThat(read(store, "b", "small")).hasSize(100);
            assertThat(read(store, "b", "mp")).hasSize(2 * BLOCK);
        }
    }
}
