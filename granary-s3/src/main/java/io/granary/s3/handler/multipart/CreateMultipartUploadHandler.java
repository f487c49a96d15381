package io.granary.s3.handler.multipart;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.RequestMetadata;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.ObjectMetadata;

/**
 * CreateMultipartUpload ({@code POST /bucket/key?uploads}): starts an upload and answers
 * {@code <InitiateMultipartUploadResult><Bucket><Key><UploadId>}.
 *
 * <p>The object's metadata (Content-Type and the other standard headers, x-amz-meta-*, storage class, tagging) is
 * taken from the request headers by {@link RequestMetadata} and stored with the upload; the completed object carries
 * it. {@code x-amz-checksum-algorithm} and {@code x-amz-checksum-type} are validated by {@link UploadChecksums} and
 * recorded; when an algorithm is set the response carries {@code x-amz-checksum-algorithm} and the (possibly
 * defaulted) {@code x-amz-checksum-type}. A missing bucket is NoSuchBucket, a key over 1024 bytes KeyTooLongError
 * (from the store).
 */
final class CreateMultipartUploadHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        UploadChecksums checksums = UploadChecksums.fromHeaders(ctx.headers());
        ObjectMetadata metadata = RequestMetadata.withDigests(RequestMetadata.fromRequest(ctx), "",
                checksums.algorithm(), null, checksums.type());
        String uploadId = ctx.store().createMultipartUpload(ctx.bucket(), ctx.key(), metadata);

        byte[] xml = new XmlWriter().root("InitiateMultipartUploadResult")
                .element("Bucket", ctx.bucket())
                .element("Key", ctx.key())
                .element("UploadId", uploadId)
                .toBytes();
        S3Response r = S3Response.xml(200, xml);
        if (checksums.algorithm() != null) {
            r.header("x-amz-checksum-algorithm", checksums.algorithm().name());
            r.header("x-amz-checksum-type", checksums.type().name());
        }
        return r;
    }
}
