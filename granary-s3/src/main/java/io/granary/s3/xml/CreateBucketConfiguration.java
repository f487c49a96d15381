package io.granary.s3.xml;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

/**
 * The optional body of CreateBucket:
 * {@code <CreateBucketConfiguration><LocationConstraint>region</LocationConstraint></CreateBucketConfiguration>}.
 * Other children (directory-bucket {@code Location}/{@code Bucket}, tags) are ignored.
 *
 * @param locationConstraint the trimmed region, "" when absent or empty
 */
public record CreateBucketConfiguration(String locationConstraint) {
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** An empty or all-whitespace body means no configuration; anything else must be well-formed. */
    public static CreateBucketConfiguration parse(byte[] body) {
        if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return new CreateBucketConfiguration("");
        }
        XmlElement root = XmlRequestParser.parse(body, MAX_BODY_BYTES, 1000);
        if (!root.name().equals("CreateBucketConfiguration")) throw new S3Exception(S3Error.MALFORMED_XML);
        String lc = root.childText("LocationConstraint");
        return new CreateBucketConfiguration(lc == null ? "" : lc.trim());
    }
}
