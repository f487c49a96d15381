package io.granary.s3.handler.support;

import io.granary.storage.BucketInfo;
import io.granary.storage.ListPage;
import io.granary.storage.ListQuery;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectStore;
import io.granary.storage.ObjectWriter;
import io.granary.storage.PartInfo;
import io.granary.storage.PartWriter;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.UploadListPage;
import io.granary.storage.UploadListQuery;
import io.granary.storage.WriteCondition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small object store test double: buckets and object metadata in maps, object bytes in one temp file per version
 * (so readers can hand out real {@link FileChannel} segments). Multipart operations are unsupported. Counts open
 * readers and aborted writers so tests can check that handlers release them.
 */
public final class TestStore implements ObjectStore {
    private final Path dir;
    private final Map<String, BucketInfo> buckets = new ConcurrentHashMap<>();
    private final Map<String, Stored> objects = new ConcurrentHashMap<>();
    private final AtomicInteger fileSeq = new AtomicInteger();
    public final AtomicInteger openReaders = new AtomicInteger();
    public final AtomicInteger aborted = new AtomicInteger();
    /** Each commit's time: advances one second per commit so Last-Modified values differ. */
    private Instant clock = Instant.parse("2026-01-02T03:04:05.678Z");

    private record Stored(ObjectInfo info, Path file) {}

    public TestStore(Path dir) {
        this.dir = dir;
    }

    public TestStore withBucket(String name) {
        buckets.put(name, new BucketInfo(name, Instant.now(), ""));
        return this;
    }

    /** Stores an object directly (with the given metadata verbatim). */
    public ObjectInfo put(String bucket, String key, byte[] data, ObjectMetadata m) {
        ObjectWriter w = newObjectWriter(bucket, key);
        w.write(ByteBuffer.wrap(data));
        return w.commit(m, WriteCondition.NONE);
    }

    public byte[] bytes(String bucket, String key) {
        try {
            return Files.readAllBytes(objects.get(bucket + "/" + key).file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean exists(String bucket, String key) {
        return objects.containsKey(bucket + "/" + key);
    }

    private void requireBucket(String bucket) {
        if (!buckets.containsKey(bucket)) throw new StorageException(StorageError.NO_SUCH_BUCKET, bucket);
    }

    private Stored stored(String bucket, String key) {
        requireBucket(bucket);
        Stored s = objects.get(bucket + "/" + key);
        if (s == null) throw new StorageException(StorageError.NO_SUCH_KEY, key);
        return s;
    }

    @Override public BucketInfo createBucket(String bucket, String region) { withBucket(bucket); return buckets.get(bucket); }
    @Override public void deleteBucket(String bucket) { buckets.remove(bucket); }
    @Override public Optional<BucketInfo> bucket(String bucket) { return Optional.ofNullable(buckets.get(bucket)); }
    @Override public List<BucketInfo> listBuckets() { return new ArrayList<>(buckets.values()); }

    @Override
    public ObjectWriter newObjectWriter(String bucket, String key) {
        requireBucket(bucket);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        return new ObjectWriter() {
            boolean done;

            @Override
            public void write(ByteBuffer src) {
                byte[] b = new byte[src.remaining()];
                src.get(b);
                buf.writeBytes(b);
            }

            @Override
            public long size() {
                return buf.size();
            }

            @Override
            public ObjectInfo commit(ObjectMetadata metadata, WriteCondition condition) {
                synchronized (TestStore.this) {
                    Stored cur = objects.get(bucket + "/" + key);
                    boolean ok = switch (condition) {
                        case WriteCondition.None n -> true;
                        case WriteCondition.IfAbsent a -> cur == null;
                        case WriteCondition.IfEtagMatches m -> cur != null && cur.info().etag().equals(m.etag());
                    };
                    if (!ok) throw new StorageException(StorageError.PRECONDITION_FAILED, key);
                    try {
                        Path f = dir.resolve("obj-" + fileSeq.incrementAndGet());
                        Files.write(f, buf.toByteArray());
                        clock = clock.plusSeconds(1);
                        ObjectInfo info = new ObjectInfo(bucket, key, buf.size(), clock, metadata);
                        objects.put(bucket + "/" + key, new Stored(info, f));
                        done = true;
                        return info;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void abort() {
                if (!done) {
                    done = true;
                    aborted.incrementAndGet();
                }
            }
        };
    }

    @Override
    public ObjectInfo headObject(String bucket, String key) {
        return stored(bucket, key).info();
    }

    @Override
    public synchronized ObjectInfo updateMetadata(String bucket, String key,
                                                  java.util.function.UnaryOperator<io.granary.storage.ObjectMetadata> change) {
        Stored s = stored(bucket, key);
        ObjectInfo old = s.info();
        ObjectInfo info = new ObjectInfo(old.bucket(), old.key(), old.size(), old.lastModified(),
                change.apply(old.metadata()));
        objects.put(bucket + "/" + key, new Stored(info, s.file()));
        return info;
    }

    @Override
    public ObjectReader openObject(String bucket, String key) {
        Stored s = stored(bucket, key);
        try {
            FileChannel ch = FileChannel.open(s.file(), StandardOpenOption.READ);
            openReaders.incrementAndGet();
            return new ObjectReader() {
                boolean closed;

                @Override public ObjectInfo info() { return s.info(); }

                @Override
                public List<Segment> segments(long offset, long length) {
                    if (offset < 0 || length < 0 || offset + length > s.info().size()) {
                        throw new IllegalArgumentException(offset + "+" + length);
                    }
                    // Two segments when possible, to exercise multi-segment consumers.
                    if (length > 1) {
                        long half = length / 2;
                        return List.of(new Segment(ch, offset, half), new Segment(ch, offset + half, length - half));
                    }
                    return List.of(new Segment(ch, offset, length));
                }

                @Override
                public void close() {
                    if (closed) return;
                    closed = true;
                    openReaders.decrementAndGet();
                    try {
                        ch.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteObject(String bucket, String key) {
        requireBucket(bucket);
        objects.remove(bucket + "/" + key);
    }

    @Override public ListPage listObjects(String bucket, ListQuery query) { throw new UnsupportedOperationException(); }
    @Override public String createMultipartUpload(String b, String k, ObjectMetadata m) { throw new UnsupportedOperationException(); }
    @Override public MultipartUpload multipartUpload(String b, String k, String u) { throw new UnsupportedOperationException(); }
    @Override public PartWriter newPartWriter(String b, String k, String u, int p) { throw new UnsupportedOperationException(); }
    @Override public List<PartInfo> listParts(String b, String k, String u, int m, int x) { throw new UnsupportedOperationException(); }
    @Override
    public ObjectInfo completeMultipartUpload(String b, String k, String u, List<Integer> p, ObjectMetadata m,
                                              WriteCondition c) {
        throw new UnsupportedOperationException();
    }
    @Override public void abortMultipartUpload(String b, String k, String u) { throw new UnsupportedOperationException(); }
    @Override public UploadListPage listMultipartUploads(String b, UploadListQuery q) { throw new UnsupportedOperationException(); }
    @Override public void close() {}
}
