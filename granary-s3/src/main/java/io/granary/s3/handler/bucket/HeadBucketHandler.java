package io.granary.s3.handler.bucket;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.S3Response;
import io.granary.storage.BucketInfo;

/**
 * HeadBucket ({@code HEAD /bucket}): 200 with {@code x-amz-bucket-region} (and {@code x-amz-access-point-alias:
 * false}) when the bucket exists; a missing bucket is 404 NoSuchBucket, which the dispatcher sends without a body
 * for HEAD.
 */
final class HeadBucketHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        BucketInfo b = Buckets.require(ctx);
        return S3Response.ok()
                .header("x-amz-bucket-region", Buckets.region(ctx, b))
                .header("x-amz-access-point-alias", "false");
    }
}
