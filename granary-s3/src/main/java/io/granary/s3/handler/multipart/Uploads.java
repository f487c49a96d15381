package io.granary.s3.handler.multipart;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.ListParams;
import io.granary.storage.MultipartUpload;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

/**
 * Helpers shared by the handlers that address one upload ({@code ?uploadId=}): finding it, and parsing
 * {@code partNumber}.
 */
final class Uploads {
    static final int MIN_PART_NUMBER = 1;
    static final int MAX_PART_NUMBER = 10_000;
    /** S3's minimum size of every part but the last. */
    static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** S3's maximum part size. */
    static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;

    private Uploads() {}

    /**
     * The upload named by {@code uploadId}, which must belong to the addressed bucket and key: a missing or empty
     * id, an unknown one, or one started for another key is NoSuchUpload (with the UploadId element).
     */
    static MultipartUpload require(RequestContext ctx) {
        String uploadId = ctx.param("uploadId");
        if (uploadId == null || uploadId.isEmpty()) throw noSuchUpload(uploadId);
        MultipartUpload upload;
        try {
            upload = ctx.store().multipartUpload(ctx.bucket(), ctx.key(), uploadId);
        } catch (StorageException e) {
            if (e.error() == StorageError.NO_SUCH_UPLOAD) throw noSuchUpload(uploadId);
            throw e;
        }
        if (!ctx.key().equals(upload.key()) || !ctx.bucket().equals(upload.bucket())) throw noSuchUpload(uploadId);
        return upload;
    }

    static S3Exception noSuchUpload(String uploadId) {
        return new S3Exception(S3Error.NO_SUCH_UPLOAD).with("UploadId", uploadId);
    }

    /** The {@code partNumber} parameter: an integer 1..10000, else InvalidArgument as S3 words it. */
    static int partNumber(RequestContext ctx) {
        String raw = ctx.param("partNumber");
        int n;
        try {
            n = raw == null ? -1 : Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < MIN_PART_NUMBER || n > MAX_PART_NUMBER) {
            throw ListParams.invalid("partNumber", raw, "Part number must be an integer between 1 and 10000, inclusive");
        }
        return n;
    }
}
