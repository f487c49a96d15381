package io.granary.s3.handler.object;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.S3Response;

/**
 * DeleteObject on an unversioned bucket: 204 No Content whether or not the key existed (a missing bucket is
 * NoSuchBucket, from the store). {@code versionId=null} addresses the current object; any other version id is
 * InvalidArgument "Invalid version id specified", as S3 answers for a bucket that never had versioning.
 */
public final class DeleteObjectHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        String versionId = ctx.param("versionId");
        if (versionId != null && !versionId.equals("null")) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid version id specified")
                    .with("ArgumentName", "versionId").with("ArgumentValue", versionId);
        }
        ctx.store().deleteObject(ctx.bucket(), ctx.key());
        return S3Response.noContent();
    }
}
