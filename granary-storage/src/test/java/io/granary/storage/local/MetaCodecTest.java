package io.granary.storage.local;

import io.granary.storage.BucketInfo;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.PartInfo;
import io.granary.storage.StorageError;
import io.granary.storage.local.internal.FsUtil;
import io.granary.storage.local.internal.Ids;
import io.granary.storage.local.internal.MetaCodec;
import io.granary.storage.local.internal.StoredObject;
import io.granary.storage.local.internal.StoredPart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaCodecTest {

    static ObjectMetadata fullMetadata() {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("b", "2");
        user.put("a", "\uD83D\uDE00");
        return new ObjectMetadata("d41d8cd98f00b204e9800998ecf8427e-3", "application/json", "br", "inline", "de",
                "max-age=60", "never", user, ChecksumAlgorithm.SHA256, "abc==-3", ChecksumType.COMPOSITE,
                List.of(5L, 6L, 7L), List.of("x==", "y==", "z=="), "GLACIER", Map.of("env", "prod"));
    }

    @Test
    void objectRoundTripKeepsEveryField() throws Exception {
        ObjectInfo info = new ObjectInfo("bkt", "k/\uD83D\uDE00 %", 18, Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                fullMetadata());
        StoredObject o = new StoredObject(info, Ids.random(), Ids.uploadId(Ids.nextMicros()), new long[] {5, 6, 7});
        StoredObject back = MetaCodec.decodeObject("bkt", MetaCodec.encodeObject(o));
        assertThat(back.info()).isEqualTo(info);
        assertThat(back.version()).isEqualTo(o.version());
        assertThat(back.originUploadId()).isEqualTo(o.originUploadId());
        assertThat(back.segments()).containsExactly(5, 6, 7);
        assertThat(back.info().metadata().userMetadata().keySet()).containsExactly("b", "a");

        ObjectInfo sparse = new ObjectInfo("bkt", "k", 0, Instant.EPOCH, ObjectMetadata.ofEtag(null));
        StoredObject minimal = new StoredObject(sparse, Ids.random(), null, new long[] {0});
        assertThat(MetaCodec.decodeObject("bkt", MetaCodec.encodeObject(minimal)).info()).isEqualTo(sparse);
    }

    @Test
    void everySingleByteCorruptionOrTruncationIsDetected() {
        ObjectInfo info = new ObjectInfo("b", "key", 18, Instant.now(), fullMetadata());
        byte[] good = MetaCodec.encodeObject(new StoredObject(info, Ids.random(), null, new long[] {18}));
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> MetaCodec.decodeObject("b", bad))
                    .isInstanceOf(MetaCodec.CorruptMetadataException.class);
        }
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThatThrownBy(() -> MetaCodec.decodeObject("b", cut))
                    .isInstanceOf(MetaCodec.CorruptMetadataException.class);
        }
        // a valid file of another kind is refused by its magic
        byte[] bucket = MetaCodec.encodeBucket(new BucketInfo("b", Instant.now(), ""));
        assertThatThrownBy(() -> MetaCodec.decodeObject("b", bucket))
                .isInstanceOf(MetaCodec.CorruptMetadataException.class);
    }

    @Test
    void inlineRecordsKeepTheirBytesJustBeforeTheCrc(@TempDir Path dir) throws Exception {
        byte[] data = "inline object bytes".getBytes(StandardCharsets.UTF_8);
        ObjectInfo info = new ObjectInfo("b", "k/\uD83D\uDE00", data.length, Instant.ofEpochSecond(9, 8),
                fullMetadata());
        StoredObject o = StoredObject.inline(info, Ids.random());
        byte[] record = MetaCodec.encodeObject(o, Arrays.copyOf(data, data.length + 5)); // only size() bytes count
        assertThat(record[4]).isEqualTo((byte) MetaCodec.OBJECT_VERSION);
        assertThat(Arrays.copyOfRange(record, record.length - 4 - data.length, record.length - 4)).isEqualTo(data);
        StoredObject back = MetaCodec.decodeObject("b", record);
        assertThat(back.inline()).isTrue();
        assertThat(back.info()).isEqualTo(info);
        assertThat(back.version()).isEqualTo(o.version());
        assertThat(back.segments()).isEmpty();
        for (int i = 0; i < record.length; i++) {
            byte[] bad = record.clone();
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> MetaCodec.decodeObject("b", bad)).as("byte %d", i)
                    .isInstanceOf(MetaCodec.CorruptMetadataException.class);
        }
        Path meta = dir.resolve("meta");
        Files.write(meta, record);
        try (FileChannel ch = FileChannel.open(meta)) {
            assertThat(MetaCodec.inlineDataPosition(ch, o)).isEqualTo(record.length - 4L - data.length);
            assertThat(MetaCodec.readInlineData(ch, o)).isEqualTo(data);
            // the file must be this very version, of this size, inline
            StoredObject otherVersion = StoredObject.inline(info, Ids.random());
            ObjectInfo longer = new ObjectInfo("b", info.key(), data.length + 1, info.lastModified(), fullMetadata());
            for (StoredObject wrong : List.of(otherVersion, StoredObject.inline(longer, o.version()),
                    new StoredObject(info, o.version(), null, new long[] {data.length}))) {
                assertThatThrownBy(() -> MetaCodec.inlineDataPosition(ch, wrong))
                        .isInstanceOf(MetaCodec.CorruptMetadataException.class);
            }
        }
        // a record of a version in data files names none of its bytes
        byte[] files = MetaCodec.encodeObject(new StoredObject(info, o.version(), null, new long[] {data.length}));
        Files.write(meta, files);
        try (FileChannel ch = FileChannel.open(meta)) {
            assertThatThrownBy(() -> MetaCodec.inlineDataPosition(ch, o))
                    .isInstanceOf(MetaCodec.CorruptMetadataException.class);
        }
        assertThatThrownBy(() -> MetaCodec.encodeObject(o)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bucketUploadAndPartRoundTrip() throws Exception {
        BucketInfo b = new BucketInfo("bkt", Instant.ofEpochSecond(5, 6), "ap-south-1");
        assertThat(MetaCodec.decodeBucket(MetaCodec.encodeBucket(b))).isEqualTo(b);
        MultipartUpload u = new MultipartUpload("bkt", "key", Ids.uploadId(1), Instant.ofEpochSecond(7),
                fullMetadata());
        assertThat(MetaCodec.decodeUpload(MetaCodec.encodeUpload(u))).isEqualTo(u);
        StoredPart p = new StoredPart(new PartInfo(42, 99, "etag", null, Instant.ofEpochSecond(8)),
                "part-42." + Ids.random() + ".data");
        assertThat(MetaCodec.decodePart(MetaCodec.encodePart(p))).isEqualTo(p);
    }

    @Test
    void uploadIdsAreUrlSafeAndSortByTime() {
        String a = Ids.uploadId(Ids.nextMicros());
        String b = Ids.uploadId(Ids.nextMicros());
        assertThat(a).matches("[0-9A-Za-z]{32}");
        assertThat(a.compareTo(b)).isNegative();
        assertThat(Ids.isUploadId(a)).isTrue();
        assertThat(Ids.isUploadId("../../../etc")).isFalse();
    }

    @Test
    void outOfSpaceMapsToStorageFull() {
        IOException enospc = new FileSystemException("/x", null, "No space left on device");
        assertThat(FsUtil.io("write", enospc).error()).isEqualTo(StorageError.STORAGE_FULL);
        assertThat(FsUtil.io("write", new IOException("Input/output error")).error())
                .isEqualTo(StorageError.INTERNAL);
    }
}
