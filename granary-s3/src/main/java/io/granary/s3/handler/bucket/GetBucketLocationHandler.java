package io.granary.s3.handler.bucket;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;

import java.nio.charset.StandardCharsets;

/**
 * GetBucketLocation ({@code GET /bucket?location}): {@code <LocationConstraint>} holding the bucket's region, empty
 * for us-east-1 (S3's legacy spelling of the default region). NoSuchBucket for a missing bucket.
 */
final class GetBucketLocationHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        String region = Buckets.region(ctx, Buckets.require(ctx));
        String value = "us-east-1".equals(region) ? "" : region;
        return S3Response.xml(200, document(value));
    }

    static byte[] document(String value) {
        String doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + XmlWriter.S3_NS
                + "\">" + escape(value) + "</LocationConstraint>";
        return doc.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
