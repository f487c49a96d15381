package io.granary.storage.local.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.MultipartUpload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rebuilds the in-memory state from disk at open and removes everything a crash can leave behind: temp files,
 * data files no metadata references (an inline object references none), metadata that is corrupt (the CRC covers
 * inline bytes too) or points to missing or wrongly sized data, and uploads that were completed or belong to deleted
 * buckets. Nothing partial ever becomes visible.
 */
public final class Recovery {

    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private final StoreContext ctx;
    private final Layout layout;

    public Recovery(StoreContext ctx) {
        this.ctx = ctx;
        this.layout = ctx.layout;
    }

    public void run() throws IOException {
        FsUtil.ensureDir(layout.root, ctx.flusher);
        FsUtil.ensureDir(layout.buckets, ctx.flusher);
        FsUtil.ensureDir(layout.multipart, ctx.flusher);
        FsUtil.ensureDir(layout.tmp, ctx.flusher);
        for (Path p : FsUtil.children(layout.tmp)) {
            FsUtil.deleteRecursively(p);
        }
        for (Path dir : FsUtil.children(layout.buckets)) {
            loadBucket(dir);
        }
        for (Path dir : FsUtil.children(layout.multipart)) {
            String name = dir.getFileName().toString();
            BucketState b = ctx.buckets.get(name);
            if (b == null) {
                warn("dropping uploads of missing bucket " + name);
                FsUtil.deleteRecursively(dir);
                continue;
            }
            for (Path up : FsUtil.children(dir)) {
                loadUpload(b, up);
            }
        }
    }

    private void loadBucket(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Layout.isSafeBucketName(name)) {
            warn("ignoring unexpected entry " + dir);
            return;
        }
        Path metaFile = dir.resolve(Layout.BUCKET_META);
        BucketInfo info;
        try {
            info = MetaCodec.decodeBucket(Files.readAllBytes(metaFile));
            if (!info.name().equals(name)) {
                throw new MetaCodec.CorruptMetadataException("bucket name mismatch: " + info.name());
            }
        } catch (IOException e) {
            // never drop a bucket's objects over its small descriptor: rebuild it from what we know
            warn("bucket " + name + " metadata unreadable (" + e + "); rewriting it");
            Instant created = Files.readAttributes(dir, BasicFileAttributes.class).creationTime().toInstant();
            info = new BucketInfo(name, created, "");
            FsUtil.writeAtomically(metaFile, MetaCodec.encodeBucket(info), layout.tmp, ctx.flusher);
        }
        BucketState b = new BucketState(info);
        Path objects = layout.objectsDir(name);
        FsUtil.ensureDir(objects, ctx.flusher);
        ObjectOps.ensureShardDirs(objects, ctx.flusher); // buckets made before shard folders came with them
        for (Path shard : FsUtil.children(objects)) {
            for (Path objDir : FsUtil.children(shard)) {
                loadObject(b, shard, objDir);
            }
        }
        ctx.buckets.put(name, b);
    }

    private void loadObject(BucketState b, Path shard, Path dir) throws IOException {
        String hash = dir.getFileName().toString();
        Path metaFile = dir.resolve(Layout.OBJECT_META);
        StoredObject o;
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new MetaCodec.CorruptMetadataException("not a folder");
            }
            if (!Files.exists(metaFile, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(metaFile.toString(), null, "no metadata (interrupted write or delete)");
            }
            o = MetaCodec.decodeObject(b.name(), Files.readAllBytes(metaFile));
            if (!hash.equals(Layout.keyHash(o.key())) || !hash.startsWith(shard.getFileName().toString())
                    || !Utf8Order.isValidKey(o.key())) {
                throw new MetaCodec.CorruptMetadataException("metadata in the wrong folder");
            }
            for (int i = 0; i < o.segments().length; i++) {
                Path data = dir.resolve(Layout.dataFileName(o.version(), i));
                BasicFileAttributes attrs = Files.readAttributes(data, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!attrs.isRegularFile() || attrs.size() != o.segments()[i]) {
                    throw new MetaCodec.CorruptMetadataException("data file " + data.getFileName() + " has "
                            + attrs.size() + " bytes, expected " + o.segments()[i]);
                }
            }
        } catch (IOException e) {
            warn("dropping " + dir + ": " + e);
            FsUtil.deleteRecursively(dir);
            return;
        }
        Set<String> keep = new HashSet<>();
        keep.add(Layout.OBJECT_META);
        for (int i = 0; i < o.segments().length; i++) {
            keep.add(Layout.dataFileName(o.version(), i));
        }
        for (Path f : FsUtil.children(dir)) {
            if (!keep.contains(f.getFileName().toString())) {
                FsUtil.deleteRecursively(f);
            }
        }
        b.index.put(o.key(), o);
    }

    private void loadUpload(BucketState b, Path dir) throws IOException {
        String id = dir.getFileName().toString();
        MultipartUpload upload;
        try {
            if (!Ids.isUploadId(id) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new MetaCodec.CorruptMetadataException("not an upload folder");
            }
            upload = MetaCodec.decodeUpload(Files.readAllBytes(dir.resolve(Layout.UPLOAD_META)));
            if (!upload.uploadId().equals(id) || !upload.bucket().equals(b.name())
                    || !Utf8Order.isValidKey(upload.key())) {
                throw new MetaCodec.CorruptMetadataException("upload metadata does not match its folder");
            }
        } catch (IOException e) {
            warn("dropping upload " + dir + ": " + e);
            FsUtil.deleteRecursively(dir);
            return;
        }
        StoredObject current = b.index.get(upload.key());
        if (current != null && id.equals(current.originUploadId())) {
            // completed, but the crash came before its folder was removed
            FsUtil.deleteRecursively(dir);
            return;
        }
        UploadState u = new UploadState(upload);
        Set<String> keep = new HashSet<>();
        keep.add(Layout.UPLOAD_META);
        List<Path> files = FsUtil.children(dir);
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (!name.startsWith("part-") || !name.endsWith(".meta")) {
                continue;
            }
            try {
                StoredPart p = MetaCodec.decodePart(Files.readAllBytes(f));
                if (!name.equals(Layout.partMetaName(p.info().partNumber()))) {
                    throw new MetaCodec.CorruptMetadataException("part metadata misnamed");
                }
                BasicFileAttributes attrs = Files.readAttributes(dir.resolve(p.dataFile()),
                        BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!attrs.isRegularFile() || attrs.size() != p.info().size()) {
                    throw new MetaCodec.CorruptMetadataException("part data has the wrong size");
                }
                u.parts.put(p.info().partNumber(), p);
                keep.add(name);
                keep.add(p.dataFile());
            } catch (IOException e) {
                warn("dropping part " + f + ": " + e);
            }
        }
        for (Path f : files) {
            if (!keep.contains(f.getFileName().toString())) {
                FsUtil.deleteRecursively(f);
            }
        }
        b.uploads.put(id, u);
    }

    private static void warn(String message) {
        LOG.log(System.Logger.Level.WARNING, message);
    }
}
