package io.granary.s3.handler.bucket;

import io.granary.s3.handler.support.Utf8Order;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link ObjectStore} test double for the bucket, listing and multipart handlers: objects and parts are
 * byte arrays (written to a temp file when a reader asks for segments), listings follow the {@link ListQuery}
 * contract in binary UTF-8 order, and {@link #maxStorePage} can make the store return short pages. The last
 * completeMultipartUpload call is recorded for assertions.
 */
public final class MemoryStore implements ObjectStore {
    private final Path dir;
    private final TreeMap<String, BucketInfo> buckets = new TreeMap<>();
    private final Map<String, TreeMap<String, Obj>> objects = new TreeMap<>();
    private final Map<String, Upload> uploads = new TreeMap<>();
    private final AtomicInteger seq = new AtomicInteger();
    private Instant clock = Instant.parse("2026-01-02T03:04:05.678Z");
    /** The most entries a listObjects page returns, whatever was asked (to test that handlers fill pages). */
    public int maxStorePage = Integer.MAX_VALUE;
    public int listCalls;
    public Completed lastCompleted;

    public record Obj(ObjectInfo info, byte[] data) {}

    public record Completed(List<Integer> partNumbers, ObjectMetadata metadata, WriteCondition condition) {}

    private record Upload(MultipartUpload upload, TreeMap<Integer, Part> parts) {}

    private record Part(PartInfo info, byte[] data) {}

    public MemoryStore(Path dir) {
        this.dir = dir;
    }

    private Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    public MemoryStore bucketNow(String name) {
        createBucket(name, "");
        return this;
    }

    /** Stores an object directly, with an MD5 ETag. */
    public ObjectInfo put(String bucket, String key, byte[] data, ObjectMetadata metadata) {
        ObjectMetadata m = metadata == null ? ObjectMetadata.ofEtag(md5Hex(data)) : metadata;
        if (m.etag() == null) m = m.withEtag(md5Hex(data));
        ObjectInfo info = new ObjectInfo(bucket, key, data.length, tick(), m);
        objectsOf(bucket).put(key, new Obj(info, data));
        return info;
    }

    public ObjectInfo put(String bucket, String key, String data) {
        return put(bucket, key, data.getBytes(StandardCharsets.UTF_8), null);
    }

    public Obj object(String bucket, String key) {
        return objectsOf(bucket).get(key);
    }

    public static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private TreeMap<String, Obj> objectsOf(String bucket) {
        TreeMap<String, Obj> m = objects.get(bucket);
        if (m == null) throw new StorageException(StorageError.NO_SUCH_BUCKET, bucket);
        return m;
    }

    @Override
    public synchronized BucketInfo createBucket(String bucket, String region) {
        if (buckets.containsKey(bucket)) throw new StorageException(StorageError.BUCKET_ALREADY_EXISTS, bucket);
        BucketInfo b = new BucketInfo(bucket, tick(), region == null ? "" : region);
        buckets.put(bucket, b);
        objects.put(bucket, new TreeMap<>(Utf8Order::compare));
        return b;
    }

    @Override
    public synchronized void deleteBucket(String bucket) {
        if (!objectsOf(bucket).isEmpty()) throw new StorageException(StorageError.BUCKET_NOT_EMPTY, bucket);
        buckets.remove(bucket);
        objects.remove(bucket);
    }

    @Override
    public synchronized Optional<BucketInfo> bucket(String bucket) {
        return Optional.ofNullable(buckets.get(bucket));
    }

    @Override
    public synchronized List<BucketInfo> listBuckets() {
        return new ArrayList<>(buckets.values());
    }

    @Override
    public ObjectWriter newObjectWriter(String bucket, String key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized ObjectInfo headObject(String bucket, String key) {
        Obj o = objectsOf(bucket).get(key);
        if (o == null) throw new StorageException(StorageError.NO_SUCH_KEY, key);
        return o.info();
    }

    @Override
    public synchronized ObjectInfo updateMetadata(String bucket, String key,
                                                  java.util.function.UnaryOperator<ObjectMetadata> change) {
        Obj o = objectsOf(bucket).get(key);
        if (o == null) throw new StorageException(StorageError.NO_SUCH_KEY, key);
        ObjectInfo old = o.info();
        ObjectInfo info = new ObjectInfo(old.bucket(), old.key(), old.size(), old.lastModified(),
                change.apply(old.metadata()));
        objectsOf(bucket).put(key, new Obj(info, o.data()));
        return info;
    }

    @Override
    public synchronized ObjectReader openObject(String bucket, String key) {
        Obj o = objectsOf(bucket).get(key);
        if (o == null) throw new StorageException(StorageError.NO_SUCH_KEY, key);
        try {
            Path f = Files.write(dir.resolve("obj-" + seq.incrementAndGet()), o.data());
            FileChannel ch = FileChannel.open(f);
            return new ObjectReader() {
                @Override
                public ObjectInfo info() {
                    return o.info();
                }

                @Override
                public List<Segment> segments(long offset, long length) {
                    // two segments when possible, to exercise multi-segment copies
                    if (length > 1) {
                        long half = length / 2;
                        return List.of(new Segment(ch, offset, half), new Segment(ch, offset + half, length - half));
                    }
                    return List.of(new Segment(ch, offset, length));
                }

                @Override
                public void close() {
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
    public synchronized void deleteObject(String bucket, String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) throw new StorageException(StorageError.INVALID_KEY, key);
        objectsOf(bucket).remove(key);
    }

    @Override
    public synchronized ListPage listObjects(String bucket, ListQuery q) {
        listCalls++;
        TreeMap<String, Obj> all = objectsOf(bucket);
        int limit = Math.min(q.maxKeys(), maxStorePage);
        List<ObjectInfo> objs = new ArrayList<>();
        List<String> cps = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        for (Map.Entry<String, Obj> e : all.tailMap(q.startAfter(), false).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(q.prefix())) continue;
            String cp = null;
            if (q.delimiter() != null) {
                int i = key.indexOf(q.delimiter(), q.prefix().length());
                if (i >= 0) cp = key.substring(0, i + q.delimiter().length());
            }
            if (cp != null && (cp.equals(last) || Utf8Order.compare(cp, q.startAfter()) <= 0)) continue;
            if (objs.size() + cps.size() >= limit) {
                truncated = true;
                break;
            }
            if (cp != null) {
                cps.add(cp);
                last = cp;
            } else {
                objs.add(e.getValue().info());
                last = key;
            }
        }
        return new ListPage(objs, cps, truncated, last);
    }

    @Override
    public synchronized String createMultipartUpload(String bucket, String key, ObjectMetadata metadata) {
        objectsOf(bucket);
        String id = "upload-" + seq.incrementAndGet();
        uploads.put(id, new Upload(new MultipartUpload(bucket, key, id, tick(), metadata), new TreeMap<>()));
        return id;
    }

    private Upload upload(String bucket, String key, String uploadId) {
        Upload u = uploads.get(uploadId);
        if (u == null || !u.upload().bucket().equals(bucket) || !u.upload().key().equals(key)) {
            throw new StorageException(StorageError.NO_SUCH_UPLOAD, uploadId);
        }
        return u;
    }

    @Override
    public synchronized MultipartUpload multipartUpload(String bucket, String key, String uploadId) {
        return upload(bucket, key, uploadId).upload();
    }

    /** Stores a part directly (any content), with an MD5 ETag and the given checksum. */
    public synchronized PartInfo putPart(String uploadId, int n, byte[] data, String checksum) {
        Upload u = uploads.get(uploadId);
        PartInfo p = new PartInfo(n, data.length, md5Hex(data), checksum, tick());
        u.parts().put(n, new Part(p, data));
        return p;
    }

    public synchronized byte[] partData(String uploadId, int n) {
        return uploads.get(uploadId).parts().get(n).data();
    }

    @Override
    public synchronized PartWriter newPartWriter(String bucket, String key, String uploadId, int partNumber) {
        Upload u = upload(bucket, key, uploadId);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        return new PartWriter() {
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
            public PartInfo commit(String etag, String checksumValue) {
                synchronized (MemoryStore.this) {
                    PartInfo p = new PartInfo(partNumber, buf.size(), etag, checksumValue, tick());
                    u.parts().put(partNumber, new Part(p, buf.toByteArray()));
                    return p;
                }
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public synchronized List<PartInfo> listParts(String bucket, String key, String uploadId, int marker, int max) {
        Upload u = upload(bucket, key, uploadId);
        List<PartInfo> out = new ArrayList<>();
        for (Part p : u.parts().tailMap(marker, false).values()) {
            if (out.size() >= max) break;
            out.add(p.info());
        }
        return out;
    }

    @Override
    public synchronized ObjectInfo completeMultipartUpload(String bucket, String key, String uploadId,
                                                           List<Integer> partNumbers, ObjectMetadata finalMetadata,
                                                           WriteCondition condition) {
        Upload u = upload(bucket, key, uploadId);
        if (condition instanceof WriteCondition.IfAbsent && objectsOf(bucket).containsKey(key)) {
            throw new StorageException(StorageError.PRECONDITION_FAILED, key);
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int n : partNumbers) {
            Part p = u.parts().get(n);
            if (p == null) throw new StorageException(StorageError.INVALID_PART, "part " + n);
            all.writeBytes(p.data());
        }
        lastCompleted = new Completed(List.copyOf(partNumbers), finalMetadata, condition);
        uploads.remove(uploadId);
        return put(bucket, key, all.toByteArray(), finalMetadata);
    }

    @Override
    public synchronized void abortMultipartUpload(String bucket, String key, String uploadId) {
        upload(bucket, key, uploadId);
        uploads.remove(uploadId);
    }

    @Override
    public synchronized UploadListPage listMultipartUploads(String bucket, UploadListQuery q) {
        objectsOf(bucket);
        List<MultipartUpload> all = new ArrayList<>();
        for (Upload u : uploads.values()) if (u.upload().bucket().equals(bucket)) all.add(u.upload());
        all.sort((a, b) -> {
            int c = Utf8Order.compare(a.key(), b.key());
            return c != 0 ? c : a.uploadId().compareTo(b.uploadId());
        });
        List<MultipartUpload> out = new ArrayList<>();
        List<String> cps = new ArrayList<>();
        boolean truncated = false;
        String nextKey = null;
        String nextId = null;
        for (MultipartUpload u : all) {
            if (!u.key().startsWith(q.prefix())) continue;
            int c = Utf8Order.compare(u.key(), q.keyMarker());
            if (!q.keyMarker().isEmpty() && (c < 0 || (c == 0 && u.uploadId().compareTo(q.uploadIdMarker()) <= 0))) {
                continue;
            }
            String cp = null;
            if (q.delimiter() != null) {
                int i = u.key().indexOf(q.delimiter(), q.prefix().length());
                if (i >= 0) cp = u.key().substring(0, i + q.delimiter().length());
            }
            if (cp != null && cps.contains(cp)) continue;
            if (out.size() + cps.size() >= q.maxUploads()) {
                truncated = true;
                break;
            }
            if (cp != null) {
                cps.add(cp);
                nextKey = cp;
                nextId = null;
            } else {
                out.add(u);
                nextKey = u.key();
                nextId = u.uploadId();
            }
        }
        return new UploadListPage(out, cps, truncated, nextKey, nextId);
    }

    @Override
    public void close() {
    }
}
