package io.granary.s3.handler.bucket;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.S3Response;

/**
 * DeleteBucket ({@code DELETE /bucket}): 204 No Content. A missing bucket is NoSuchBucket, one holding objects (or,
 * as the store decides, uploads in progress) is 409 BucketNotEmpty; both come from the store.
 */
final class DeleteBucketHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        ctx.store().deleteBucket(ctx.bucket());
        return S3Response.noContent();
    }
}
