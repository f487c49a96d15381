package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.QueryString;
import io.granary.storage.ObjectReader;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

/**
 * The {@code x-amz-copy-source} of CopyObject and UploadPartCopy: {@code bucket/key} or {@code /bucket/key},
 * percent-encoded (decoded here as UTF-8; '+' stays '+'), optionally followed by {@code ?versionId=...}. Only the
 * version id "null" (the current object of an unversioned bucket) is accepted; any other is NoSuchVersion.
 * A header without a bucket or key is InvalidArgument.
 *
 * <p>{@link #open} opens the source and checks the {@code x-amz-copy-source-if-*} conditions, so the caller gets a
 * reader of exactly the version it checked.
 *
 * @param versionId null when the header named none
 */
public record CopySource(String bucket, String key, String versionId) {
    public static final String HEADER = "x-amz-copy-source";

    /** Parses the header value. */
    public static CopySource parse(String header) {
        if (header == null || header.isBlank()) throw invalid(header);
        String raw = header.trim();
        String versionId = null;
        int q = raw.indexOf('?');
        if (q >= 0) {
            QueryString query = QueryString.parse(raw.substring(q + 1));
            versionId = query.get("versionId");
            raw = raw.substring(0, q);
        }
        if (raw.startsWith("/")) raw = raw.substring(1);
        int slash = raw.indexOf('/');
        if (slash <= 0 || slash == raw.length() - 1) throw invalid(header);
        String bucket = QueryString.percentDecode(raw.substring(0, slash), false);
        String key = QueryString.percentDecode(raw.substring(slash + 1), false);
        if (bucket.isEmpty() || key.isEmpty()) throw invalid(header);
        return new CopySource(bucket, key, versionId);
    }

    /** Parses the request's x-amz-copy-source header. */
    public static CopySource fromRequest(RequestContext ctx) {
        return parse(ctx.header(HEADER));
    }

    /**
     * Opens this source (NoSuchBucket / NoSuchKey / NoSuchVersion when missing) and checks the copy-source
     * conditions (PreconditionFailed). The caller closes the reader.
     */
    public ObjectReader open(RequestContext ctx) {
        if (versionId != null && !versionId.equals("null")) {
            throw new S3Exception(S3Error.NO_SUCH_VERSION).with("Key", key).with("VersionId", versionId);
        }
        ObjectReader reader;
        try {
            reader = ctx.store().openObject(bucket, key);
        } catch (StorageException e) {
            // Name the source, not the destination, in the error document.
            if (e.error() == StorageError.NO_SUCH_KEY) {
                throw new S3Exception(S3Error.NO_SUCH_KEY, S3Error.NO_SUCH_KEY.defaultMessage(), e).with("Key", key);
            }
            if (e.error() == StorageError.NO_SUCH_BUCKET) {
                throw new S3Exception(S3Error.NO_SUCH_BUCKET, S3Error.NO_SUCH_BUCKET.defaultMessage(), e)
                        .with("BucketName", bucket);
            }
            throw e;
        }
        try {
            Conditionals.checkCopySource(ctx.headers(), reader.info());
            return reader;
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    private static S3Exception invalid(String header) {
        return new S3Exception(S3Error.INVALID_ARGUMENT,
                "Copy Source must mention the source bucket and key: sourcebucket/sourcekey")
                .with("ArgumentName", HEADER).with("ArgumentValue", header);
    }
}
