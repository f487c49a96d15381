package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.RequestContext;
import io.granary.storage.BucketInfo;

/** Small helpers shared by the bucket handlers: looking a bucket up and the region it is in. */
final class Buckets {
    private Buckets() {}

    /** The addressed bucket, or NoSuchBucket (with the BucketName element). */
    static BucketInfo require(RequestContext ctx) {
        return ctx.store().bucket(ctx.bucket()).orElseThrow(
                () -> new S3Exception(S3Error.NO_SUCH_BUCKET).with("BucketName", ctx.bucket()));
    }

    /** The bucket's region: its stored LocationConstraint, or the server's region when that is empty. */
    static String region(RequestContext ctx, BucketInfo bucket) {
        String r = bucket.region();
        return r == null || r.isEmpty() ? ctx.settings().region() : r;
    }
}
