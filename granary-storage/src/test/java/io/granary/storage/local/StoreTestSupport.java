package io.granary.storage.local;

import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectStore;
import io.granary.storage.ObjectWriter;
import io.granary.storage.PartInfo;
import io.granary.storage.PartWriter;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;
import io.granary.storage.local.internal.BackgroundDeletes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Helpers shared by the store tests. */
final class StoreTestSupport {

    private StoreTestSupport() {}

    static LocalObjectStore open(Path dir) {
        return LocalObjectStore.open(new LocalStoreConfig(dir, false));
    }

    /** A store without fsync whose objects of up to {@code inlineThreshold} bytes are inline (0: none). */
    static LocalObjectStore open(Path dir, int inlineThreshold) {
        return LocalObjectStore.open(new LocalStoreConfig(dir, false, inlineThreshold));
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
            // write in a few chunks to exercise streaming
            int chunk = Math.max(1, data.length / 3);
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

    static String readString(ObjectStore store, String bucket, String key) {
        return new String(read(store, bucket, key), StandardCharsets.UTF_8);
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

    /** The files under {@code dir}, once the background deletes submitted so far are done. */
    static List<Path> filesUnder(Path dir) {
        BackgroundDeletes.awaitIdle(10_000);
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> entriesUnder(Path dir) {
        BackgroundDeletes.awaitIdle(10_000);
        try (Stream<Path> s = Files.walk(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The storage error {@code r} fails with; an AssertionError if it does not fail with one. */
    static StorageError errorOf(Runnable r) {
        try {
            r.run();
        } catch (StorageException e) {
            return e.error();
        }
        throw new AssertionError("no StorageException");
    }

    /** Copies the tree at {@code from} to {@code to}, replacing files already there. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >>> 8));
        }
        return b;
    }
}
