package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.XmlBodies;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.CreateBucketConfiguration;

/**
 * CreateBucket ({@code PUT /bucket}): 200 with {@code Location: /bucket}.
 *
 * <ul>
 *   <li>The name must follow S3's rules ({@link BucketNames}), else InvalidBucketName.</li>
 *   <li>The optional body is a {@code CreateBucketConfiguration}; an empty body is fine, a malformed one is
 *       MalformedXML. Its LocationConstraint is stored as the bucket's region (none or empty means the server's
 *       region; GetBucketLocation spells us-east-1 as an empty constraint); a value that is not a plausible
 *       region name is InvalidLocationConstraint. The server does not reject a constraint that differs from its
 *       own region (S3 would answer IllegalLocationConstraintException), because a single-endpoint store serves
 *       every region a client is configured for.</li>
 *   <li>{@code x-amz-bucket-object-lock-enabled: true} is NotImplemented (no versioning); ACL and ownership
 *       headers are accepted and ignored (the server has a single owner).</li>
 *   <li>An existing bucket is <b>409 BucketAlreadyOwnedByYou</b> (mapped by the dispatcher from the store's
 *       BUCKET_ALREADY_EXISTS). Choice: S3 in us-east-1 answers 200 to a re-create by the owner for legacy reasons,
 *       but every other region and most S3-compatible servers answer 409, and SDKs and tools handle it.</li>
 * </ul>
 */
final class CreateBucketHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        String bucket = ctx.bucket();
        BucketNames.require(bucket);
        if ("true".equalsIgnoreCase(trim(ctx.header("x-amz-bucket-object-lock-enabled")))) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Granary does not support S3 Object Lock.");
        }
        byte[] body = XmlBodies.read(ctx, CreateBucketConfiguration.MAX_BODY_BYTES);
        String region = CreateBucketConfiguration.parse(body).locationConstraint();
        if (!region.isEmpty() && !isPlausibleRegion(region)) {
            throw new S3Exception(S3Error.INVALID_LOCATION_CONSTRAINT).with("LocationConstraint", region);
        }
        ctx.store().createBucket(bucket, region);
        return S3Response.ok().header("Location", "/" + bucket);
    }

    /** Letters, digits and '-', up to 64 characters ("EU", "eu-west-1", "us-gov-west-1", local names). */
    static boolean isPlausibleRegion(String r) {
        if (r.length() > 64) return false;
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            if (!Character.isLetterOrDigit(c) || c > 0x7F) {
                if (c != '-' && c != '_') return false;
            }
        }
        return true;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
