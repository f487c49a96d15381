package io.granary.storage.local;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.StorageError;
import io.granary.storage.local.internal.Ids;
import io.granary.storage.local.internal.Layout;
import io.granary.storage.local.internal.MetaCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static io.granary.storage.local.InlineObjectsTest.dataFiles;
import static io.granary.storage.local.StoreTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Recovery at open with inline objects, older records and what a crash leaves behind. */
class InlineRecoveryTest {

    @TempDir
    Path dir;

    private Path objectDir(String bucket, String key) {
        return new Layout(dir).objectDir(bucket, key);
    }

    /** A tree written by the version-1 code path (the server of main before inline objects), in test resources. */
    @Test
    void aStoreWrittenByTheVersionOneCodeIsReadUnchanged() throws Exception {
        copyTree(Path.of(getClass().getResource("v1-store").toURI()), dir);
        Path small = objectDir("fixture", "v1/small.txt");
        assertThat(Files.readAllBytes(small.resolve("meta"))[4]).isEqualTo((byte) 1); // record version 1
        try (LocalObjectStore store = open(dir)) {
            ObjectInfo info = store.headObject("fixture", "v1/small.txt");
            assertThat(readString(store, "fixture", "v1/small.txt")).isEqualTo("written by the version-1 code path\n");
            assertThat(info.etag()).isEqualTo("fee7e7e2d0c912579b41d92a5dc9424d");
            assertThat(info.metadata().contentType()).isEqualTo("text/plain");
            assertThat(info.metadata().userMetadata()).containsEntry("origin", "old-jar");
            assertThat(info.metadata().tags()).containsEntry("t", "1");
            assertThat(read(store, "fixture", "v1/empty")).isEmpty();
            assertThat(dataFiles(small)).hasSize(1);
            // the bucket, made before shard folders came with buckets, has all of them now
            try (var shards = Files.list(dir.resolve("buckets/fixture/objects"))) {
                assertThat(shards.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(Layout.SHARDS);
            }
            // a metadata update rewrites the record as version 2; the data file stays
            store.updateMetadata("fixture", "v1/small.txt", m -> m.withTags(Map.of()));
            assertThat(Files.readAllBytes(small.resolve("meta"))[4]).isEqualTo((byte) 2);
            assertThat(dataFiles(small)).hasSize(1);
        }
        try (LocalObjectStore store = open(dir)) {
            assertThat(readString(store, "fixture", "v1/small.txt")).isEqualTo("written by the version-1 code path\n");
            assertThat(store.headObject("fixture", "v1/small.txt").metadata().tags()).isEmpty();
        }
    }

    /** The same, from a record built here field by field as version 1 lays it out. */
    @Test
    void aHandBuiltVersionOneRecordIsRead() throws Exception {
        try (LocalObjectStore store = open(dir)) {
            store.createBucket("b", "");
        }
        String version = Ids.random();
        byte[] data = "old bytes".getBytes(StandardCharsets.UTF_8);
        Instant modified = Instant.ofEpochSecond(1_600_000_000L, 42);
        byte[] body = io.granary.storage.internal.BinaryCodec.bytes(out -> {
            out.writeInt(MetaCodec.OBJECT_MAGIC);
            out.writeByte(1);
            io.granary.storage.internal.BinaryCodec.writeString(out, "old");
            io.granary.storage.internal.BinaryCodec.writeInstant(out, modified);
            out.writeLong(data.length);
            io.granary.storage.internal.BinaryCodec.writeString(out, version);
            io.granary.storage.internal.BinaryCodec.writeString(out, null);
            out.writeInt(1);
            out.writeLong(data.length);
            io.granary.storage.internal.BinaryCodec.writeMetadata(out, ObjectMetadata.ofEtag("e-old"));
        });
        Path objDir = objectDir("b", "old");
        Files.createDirectories(objDir);
        Files.write(objDir.resolve("meta"), io.granary.storage.internal.BinaryCodec.withCrc(body));
        Files.write(objDir.resolve(version + ".0"), data);
        try (LocalObjectStore store = open(dir)) {
            assertThat(store.headObject("b", "old").lastModified()).isEqualTo(modified);
            assertThat(store.headObject("b", "old").etag()).isEqualTo("e-old");
            assertThat(readString(store, "b", "old")).isEqualTo("old bytes");
        }
    }

    @Test
    void whatACrashLeavesBesideInlineObjectsIsCleaned() throws Exception {
        try (LocalObjectStore store = open(dir)) {
            store.createBucket("b", "");
            put(store, "b", "inline", "inline bytes");
            put(store, "b", "was-a-file", bytes(200 * 1024, 1));
            put(store, "b", "was-a-file", "now inline");
            put(store, "b", "flipped", "some bytes to damage");
            put(store, "b", "cut", "bytes that get cut off");
        }
        // half-written and garbage metadata temps of commits that never renamed them
        Files.write(dir.resolve("tmp").resolve(Ids.random() + ".meta.tmp"),
                Arrays.copyOf(Files.readAllBytes(objectDir("b", "inline").resolve("meta")), 20));
        Files.writeString(dir.resolve("tmp").resolve(Ids.random() + ".meta.tmp"), "garbage");
        Files.writeString(dir.resolve("tmp").resolve(Ids.random() + ".data"), "spilled, never committed");
        // the crash came after an inline overwrite of a data-file object, before the old data file was deleted;
        // and a data file of a write whose metadata never landed
        Path leftover = objectDir("b", "was-a-file").resolve(Ids.random() + ".0");
        Files.write(leftover, bytes(200 * 1024, 1));
        Path orphan = objectDir("b", "inline").resolve(Ids.random() + ".0");
        Files.writeString(orphan, "uncommitted");
        // a flipped bit in the inline bytes, and a record cut short: the CRC catches both
        Path flipped = objectDir("b", "flipped").resolve("meta");
        byte[] f = Files.readAllBytes(flipped);
        f[f.length - 6] ^= 0x10;
        Files.write(flipped, f);
        Path cut = objectDir("b", "cut").resolve("meta");
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), (int) Files.size(cut) - 7));

        try (LocalObjectStore store = open(dir)) {
            assertThat(entriesUnder(dir.resolve("tmp"))).containsExactly(dir.resolve("tmp"));
            assertThat(readString(store, "b", "inline")).isEqualTo("inline bytes");
            assertThat(readString(store, "b", "was-a-file")).isEqualTo("now inline");
            assertThat(leftover).doesNotExist();
            assertThat(orphan).doesNotExist();
            for (String gone : new String[] {"flipped", "cut"}) {
                assertThat(errorOf(() -> store.headObject("b", gone))).as(gone).isEqualTo(StorageError.NO_SUCH_KEY);
                assertThat(objectDir("b", gone)).as(gone).doesNotExist();
            }
            // two inline objects: one metadata file each
            assertThat(filesUnder(dir.resolve("buckets/b/objects"))).hasSize(2);
        }
    }

    @Test
    void aMetadataFileThatIsNotTheIndexedVersionIsNotServed() throws Exception {
        try (LocalObjectStore store = open(dir)) {
            store.createBucket("b", "");
            put(store, "b", "k", "first");
            Path meta = objectDir("b", "k").resolve("meta");
            byte[] first = Files.readAllBytes(meta);
            put(store, "b", "k", "other");
            // the index names the second version; its file is swapped behind the engine's back
            Files.write(meta, first);
            assertThat(errorOf(() -> store.openObject("b", "k"))).isEqualTo(StorageError.INTERNAL);
        }
    }
}
