package io.granary.storage;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The storage engine as the S3 layer sees it: buckets, objects and multipart uploads, with no HTTP, XML or Netty
 * types in sight.
 *
 * <p>Contract:
 * <ul>
 *   <li>A write becomes visible only when it is complete and durable ({@link ObjectWriter#commit}); a failed,
 *       aborted or crashed write is never visible, and leftovers are cleaned up when the store opens.</li>
 *   <li>Concurrent writers of one key are safe: the last commit wins, and readers see either the old or the new
 *       object whole, never a mix. An open {@link ObjectReader} keeps reading the version it opened.</li>
 *   <li>Keys are any UTF-8 string of 1 to 1024 bytes; they are stored and returned exactly and can never name a
 *       path outside the store.</li>
 *   <li>Listings are in binary UTF-8 order of keys.</li>
 *   <li>Every failure the caller should see is a {@link StorageException} carrying a {@link StorageError}.</li>
 * </ul>
 * Implementations: {@code LocalObjectStore} (one data folder) and {@code ErasureObjectStore} (erasure-coded across
 * drives).
 */
public interface ObjectStore extends Closeable {

    /**
     * True when every read ({@link #bucket}, {@link #listBuckets}, {@link #headObject}, {@link #openObject},
     * {@link #listObjects}, {@link #multipartUpload}, {@link #listParts}, {@link #listMultipartUploads}, and reading
     * an opened object's segments) answers from memory and at most opens and reads local files: it never waits for
     * another thread, for a lock held across I/O, or for a drive the engine reaches through other threads. A server
     * may then run reads on its network threads, as a static file server does. False unless an engine says so.
     */
    default boolean readsNeverWait() {
        return false;
    }

    // ---- buckets ----

    /** Creates a bucket. Fails with {@link StorageError#BUCKET_ALREADY_EXISTS} if it exists. */
    BucketInfo createBucket(String bucket, String region);

    /** Deletes an empty bucket: {@link StorageError#NO_SUCH_BUCKET}, {@link StorageError#BUCKET_NOT_EMPTY}. */
    void deleteBucket(String bucket);

    Optional<BucketInfo> bucket(String bucket);

    /** All buckets, sorted by name. */
    List<BucketInfo> listBuckets();

    // ---- objects ----

    /**
     * Starts writing an object. Bytes go to {@link ObjectWriter#write}; nothing is visible until
     * {@link ObjectWriter#commit}. Fails with {@link StorageError#NO_SUCH_BUCKET} at once if the bucket is missing.
     */
    ObjectWriter newObjectWriter(String bucket, String key);

    /** Metadata of the current version, or {@link StorageError#NO_SUCH_KEY} / {@link StorageError#NO_SUCH_BUCKET}. */
    ObjectInfo headObject(String bucket, String key);

    /** Opens the current version for reading: {@link StorageError#NO_SUCH_KEY} / {@link StorageError#NO_SUCH_BUCKET}. */
    ObjectReader openObject(String bucket, String key);

    /**
     * Replaces the metadata of the current version in place: same bytes, same Last-Modified (S3's object tagging
     * works this way). {@code change} runs under the key's lock. {@link StorageError#NO_SUCH_KEY} if absent.
     */
    ObjectInfo updateMetadata(String bucket, String key, UnaryOperator<ObjectMetadata> change);

    /** Deletes an object; deleting a missing key is not an error (S3 semantics). Bucket must exist. */
    void deleteObject(String bucket, String key);

    /** One page of keys; see {@link ListQuery} for the semantics of prefix, delimiter and the start point. */
    ListPage listObjects(String bucket, ListQuery query);

    // ---- multipart uploads ----

    /** Starts an upload: the metadata given is the one the completed object will carry. Returns the upload id. */
    String createMultipartUpload(String bucket, String key, ObjectMetadata metadata);

    /** The upload's state, or {@link StorageError#NO_SUCH_UPLOAD}. */
    MultipartUpload multipartUpload(String bucket, String key, String uploadId);

    /**
     * Starts writing one part (1..10000). Committing replaces an earlier part of the same number. Fails with
     * {@link StorageError#NO_SUCH_UPLOAD} if the upload does not exist.
     */
    PartWriter newPartWriter(String bucket, String key, String uploadId, int partNumber);

    /** Parts of an upload with part number greater than {@code partNumberMarker}, at most {@code maxParts}. */
    List<PartInfo> listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts);

    /**
     * Completes an upload from the chosen parts, in the given (ascending) order. Validation of ETags, sizes and
     * checksums is the caller's job (it has {@link #listParts}); this step only assembles, without loading part
     * data into memory, and makes the object visible atomically. {@code finalMetadata} replaces the metadata given
     * at creation (the caller fills in ETag, checksums and part sizes).
     */
    ObjectInfo completeMultipartUpload(String bucket, String key, String uploadId, List<Integer> partNumbers,
                                       ObjectMetadata finalMetadata, WriteCondition condition);

    void abortMultipartUpload(String bucket, String key, String uploadId);

    /** Uploads in progress in a bucket, sorted by key then initiation time; see {@link UploadListQuery}. */
    UploadListPage listMultipartUploads(String bucket, UploadListQuery query);
}
