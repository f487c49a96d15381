package io.granary.storage.local.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where things live under the data folder. Only validated bucket names, SHA-256 hex digests of keys, and names this
 * engine generates ever become path elements, so no key can name a path outside the folder.
 *
 * <pre>
 * root/
 *   LOCK                                   advisory lock held while a store has the folder open
 *   tmp/                                   in-flight data and metadata; cleared at open
 *   buckets/&lt;bucket&gt;/bucket.meta
 *   buckets/&lt;bucket&gt;/objects/&lt;h[0..2]&gt;/                   the 256 shard folders, made with the bucket
 *   buckets/&lt;bucket&gt;/objects/&lt;h[0..2]&gt;/&lt;h&gt;/meta            h = hex SHA-256 of the key's UTF-8;
 *                                                              holds the bytes of an inline object too
 *   buckets/&lt;bucket&gt;/objects/&lt;h[0..2]&gt;/&lt;h&gt;/&lt;version&gt;.&lt;i&gt;   data segment i of a version (none if inline)
 *   multipart/&lt;bucket&gt;/&lt;uploadId&gt;/upload.meta
 *   multipart/&lt;bucket&gt;/&lt;uploadId&gt;/part-&lt;n&gt;.meta
 *   multipart/&lt;bucket&gt;/&lt;uploadId&gt;/part-&lt;n&gt;.&lt;version&gt;.data
 * </pre>
 */
public final class Layout {

    public static final String OBJECT_META = "meta";
    /**
     * The 256 shard folders of a bucket's {@code objects/}, named by the first two hex digits of a key hash. They are
     * made with the bucket (or at open for a bucket that lacks them), so no PUT ever creates one.
     */
    public static final List<String> SHARDS = IntStream.range(0, 256).mapToObj(i -> String.format("%02x", i))
            .toList();
    public static final String BUCKET_META = "bucket.meta";
    public static final String UPLOAD_META = "upload.meta";

    public final Path root;
    public final Path tmp;
    public final Path buckets;
    public final Path multipart;

    public Layout(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        this.buckets = root.resolve("buckets");
        this.multipart = root.resolve("multipart");
    }

    public Path bucketDir(String bucket) {
        return child(buckets, bucket);
    }

    public Path objectsDir(String bucket) {
        return bucketDir(bucket).resolve("objects");
    }

    public Path objectDir(String bucket, String key) {
        String h = keyHash(key);
        return objectsDir(bucket).resolve(h.substring(0, 2)).resolve(h);
    }

    public Path uploadsDir(String bucket) {
        return child(multipart, bucket);
    }

    public Path uploadDir(String bucket, String uploadId) {
        if (!Ids.isUploadId(uploadId)) {
            throw new IllegalArgumentException("not an upload id: " + uploadId);
        }
        return uploadsDir(bucket).resolve(uploadId);
    }

    public Path newTempFile(String suffix) {
        return tmp.resolve(Ids.random() + suffix);
    }

    public static String dataFileName(String version, int segment) {
        return version + "." + segment;
    }

    public static String partMetaName(int partNumber) {
        return "part-" + partNumber + ".meta";
    }

    public static String partDataName(int partNumber, String version) {
        return "part-" + partNumber + "." + version + ".data";
    }

    /** Lower-case hex SHA-256 of the key's UTF-8 bytes. */
    public static String keyHash(String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rejects bucket names that could be anything but a single plain path element. */
    public static boolean isSafeBucketName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255 || name.equals(".") || name.contains("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c == ':' || c < 0x20 || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static Path child(Path dir, String name) {
        if (!isSafeBucketName(name)) {
            throw new IllegalArgumentException("unsafe bucket name: " + name);
        }
        Path p = dir.resolve(name);
        if (!p.getParent().equals(dir)) {
            throw new IllegalArgumentException("unsafe bucket name: " + name);
        }
        return p;
    }
}
