package io.granary.s3.handler.bucket;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;

/**
 * GetBucketVersioning ({@code GET /bucket?versioning}): an empty {@code <VersioningConfiguration/>}, S3's answer for
 * a bucket on which versioning was never enabled (no Status, no MfaDelete). NoSuchBucket for a missing bucket.
 */
final class GetBucketVersioningHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        Buckets.require(ctx);
        return S3Response.xml(200, new XmlWriter().root("VersioningConfiguration").toBytes());
    }
}
