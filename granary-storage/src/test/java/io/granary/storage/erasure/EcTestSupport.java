package io.granary.storage.erasure;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectStore;
import io.granary.storage.ObjectWriter;
import io.granary.storage.PartInfo;
import io.granary.storage.PartWriter;
import io.granary.storage.WriteCondition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Helpers of the erasure engine tests: small blocks so that multi-block paths run on small objects. */
final class EcTestSupport {

    static final int BLOCK = 4096;
    static final int INLINE = 1024;

    private EcTestSupport() {}

    static List<Path> drives(Path base, int n) {
        List<Path> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(base.resolve("disk" + i));
        }
        return out;
    }

    static ErasureStoreConfig config(List<Path> drives) {
        return ErasureStoreConfig.of(drives).withFsync(false).withBlockSize(BLOCK, INLINE).withScanner(null, null)
                .withHealOnOpen(false);
    }

    static ErasureObjectStore open(List<Path> drives) {
        return ErasureObjectStore.open(config(drives));
    }

    static ObjectInfo put(ObjectStore store, String bucket, String key, byte[] data) {
        return put(store, bucket, key, data, ObjectMetadata.ofEtag("etag-" + data.length), WriteCondition.NONE);
    }

    static ObjectInfo put(ObjectStore store, String bucket, String key, String data) {
        return put(store, bucket, key, data.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectInfo put(ObjectStore store, String bucket, String key, byte[] data, ObjectMetadata md,
                          WriteCondition cond) {
        try (ObjectWriter w = store.newObjectWriter(bucket, key)) {
            int chunk = Math.max(1, data.length / 3 + 7);
            for (int off = 0; off < data.length; off += chunk) {
                w.write(ByteBuffer.wrap(data, off, Math.min(chunk, data.length - off)));
            }
            return w.commit(md, cond);
        }
    }

    static PartInfo putPart(ObjectStore store, String bucket, String key, String uploadId, int n, byte[] data) {
        try (PartWriter w = store.newPartWriter(bucket, key, uploadId, n)) {
            w.write(ByteBuffer.wrap(data));
            return w.commit("part-etag-" + n, null);
        }
    }

    static byte[] read(ObjectStore store, String bucket, String key) {
        try (ObjectReader r = store.openObject(bucket, key)) {
            return readRange(r, 0, r.info().size());
        }
    }

    static byte[] readRange(ObjectReader r, long offset, long length) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (ObjectReader.Segment s : r.segments(offset, length)) {
                ByteBuffer buf = ByteBuffer.allocate((int) s.length());
                long pos = s.position();
                while (buf.hasRemaining()) {
                    int n = s.channel().read(buf, pos);
                    if (n < 0) {
                        throw new IOException("unexpected EOF");
                    }
                    pos += n;
                }
                out.write(buf.array());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] random(SplittableRandom r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }

    /** Every regular file under {@code dir} (relative path → bytes), skipping LOCK and tmp/. */
    static Map<String, byte[]> snapshot(Path dir) {
        Map<String, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString();
                if (rel.equals("LOCK") || rel.startsWith("tmp")) {
                    continue;
                }
                out.put(rel, Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static List<Path> filesUnder(Path dir, String nameSuffix) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(nameSuffix))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> shardFiles(Path drive) {
        try (Stream<Path> s = Files.walk(drive.resolve("buckets"))) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().startsWith("part.")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> metaFiles(Path drive) {
        try (Stream<Path> s = Files.walk(drive.resolve("buckets"))) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().equals("meta")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Duration secs(int s) {
        return Duration.ofSeconds(s);
    }
}
