package io.granary.s3.handler.multipart;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.KeyEncoding;
import io.granary.s3.handler.support.ListParams;
import io.granary.s3.handler.support.OwnerXml;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.MultipartUpload;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.UploadListPage;
import io.granary.storage.UploadListQuery;

/**
 * ListMultipartUploads ({@code GET /bucket?uploads}): {@code <ListMultipartUploadsResult>} with the uploads in
 * progress, sorted by key then initiation time.
 *
 * <p>Parameters: {@code prefix}, {@code delimiter} (rolls keys up into CommonPrefixes), {@code key-marker} and
 * {@code upload-id-marker} (uploads after the key, or for that key with a greater upload id; the upload-id-marker is
 * ignored without a key-marker, as in S3), {@code max-uploads} (default 1000, capped at 1000; negative or
 * non-numeric → InvalidArgument), {@code encoding-type=url}. A missing bucket is NoSuchBucket.
 *
 * <p>Response: Bucket, KeyMarker, UploadIdMarker, NextKeyMarker, NextUploadIdMarker, Delimiter (when given),
 * Prefix, MaxUploads, IsTruncated, EncodingType (when url), each Upload (Key, UploadId, Initiator, Owner,
 * StorageClass, Initiated, ChecksumAlgorithm/ChecksumType when set) and CommonPrefixes. With encoding-type=url, Key,
 * Prefix, Delimiter, KeyMarker, NextKeyMarker and CommonPrefixes are URL-encoded.
 */
final class ListMultipartUploadsHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        String prefix = nz(ctx.param("prefix"));
        String delimiter = ctx.param("delimiter");
        if (delimiter != null && delimiter.isEmpty()) delimiter = null;
        String keyMarker = nz(ctx.param("key-marker"));
        String uploadIdMarker = keyMarker.isEmpty() ? "" : nz(ctx.param("upload-id-marker"));
        int max = ListParams.pageSize(ctx, "max-uploads");
        KeyEncoding enc = KeyEncoding.of(ctx);

        UploadListPage page = ctx.store().listMultipartUploads(ctx.bucket(),
                new UploadListQuery(prefix, delimiter, keyMarker, uploadIdMarker, max));
        boolean truncated = max > 0 && page.truncated();

        XmlWriter xml = new XmlWriter().root("ListMultipartUploadsResult")
                .element("Bucket", ctx.bucket())
                .element("KeyMarker", enc.apply(keyMarker))
                .element("UploadIdMarker", uploadIdMarker)
                .element("NextKeyMarker", enc.apply(nz(page.nextKeyMarker())))
                .element("NextUploadIdMarker", nz(page.nextUploadIdMarker()))
                .element("Delimiter", enc.apply(delimiter))
                .element("Prefix", enc.apply(prefix))
                .element("MaxUploads", max)
                .element("IsTruncated", truncated)
                .element("EncodingType", enc.elementValue());
        for (MultipartUpload u : page.uploads()) {
            ObjectMetadata m = u.metadata();
            xml.start("Upload")
                    .element("Key", enc.apply(u.key()))
                    .element("UploadId", u.uploadId());
            OwnerXml.write(xml, "Initiator", ctx.settings());
            OwnerXml.write(xml, "Owner", ctx.settings());
            xml.element("StorageClass", m.storageClass())
                    .element("Initiated", u.initiated());
            if (m.checksumAlgorithm() != null) {
                xml.element("ChecksumAlgorithm", m.checksumAlgorithm().name());
                if (m.checksumType() != null) xml.element("ChecksumType", m.checksumType().name());
            }
            xml.end();
        }
        for (String cp : page.commonPrefixes()) {
            xml.start("CommonPrefixes").element("Prefix", enc.apply(cp)).end();
        }
        return S3Response.xml(200, xml.toBytes());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
