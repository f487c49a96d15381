package io.granary.s3.handler.multipart;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.S3Response;

/**
 * AbortMultipartUpload ({@code DELETE /bucket/key?uploadId=}): discards the upload and its parts, 204 No Content.
 * An unknown upload, or one started for another key, is NoSuchUpload.
 */
final class AbortMultipartUploadHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        Uploads.require(ctx);
        ctx.store().abortMultipartUpload(ctx.bucket(), ctx.key(), ctx.param("uploadId"));
        return S3Response.noContent();
    }
}
