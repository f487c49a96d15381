package io.granary.s3.handler.multipart;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.ETags;
import io.granary.s3.handler.support.ListParams;
import io.granary.s3.handler.support.OwnerXml;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.MultipartUpload;
import io.granary.storage.PartInfo;

import java.util.List;

/**
 * ListParts ({@code GET /bucket/key?uploadId=id}): {@code <ListPartsResult>} with the upload's parts in part-number
 * order.
 *
 * <p>Parameters: {@code part-number-marker} (parts after it; default 0; not a non-negative integer →
 * InvalidArgument) and {@code max-parts} (default 1000, capped at 1000; negative or non-numeric → InvalidArgument).
 * The upload must exist for this key (NoSuchUpload).
 *
 * <p>Response: Bucket, Key, UploadId, PartNumberMarker, NextPartNumberMarker (the page's last part number, or the
 * marker for an empty page), MaxParts, IsTruncated, then each Part (PartNumber, LastModified, ETag quoted, Size,
 * and ChecksumXXX when stored), then Initiator and Owner (the server owner), StorageClass, and ChecksumAlgorithm /
 * ChecksumType when the upload has a checksum.
 */
final class ListPartsHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        MultipartUpload upload = Uploads.require(ctx);
        int marker = ListParams.intParam(ctx, "part-number-marker", 0, Integer.MAX_VALUE);
        int max = ListParams.pageSize(ctx, "max-parts");

        List<PartInfo> parts = max == 0 ? List.of()
                : ctx.store().listParts(ctx.bucket(), ctx.key(), upload.uploadId(), marker, max);
        if (parts.size() > max) parts = parts.subList(0, max);
        int next = parts.isEmpty() ? marker : parts.getLast().partNumber();
        boolean truncated = parts.size() == max
                && !ctx.store().listParts(ctx.bucket(), ctx.key(), upload.uploadId(), next, 1).isEmpty();

        ChecksumAlgorithm alg = upload.metadata().checksumAlgorithm();
        XmlWriter xml = new XmlWriter().root("ListPartsResult")
                .element("Bucket", ctx.bucket())
                .element("Key", ctx.key())
                .element("UploadId", upload.uploadId())
                .element("PartNumberMarker", marker)
                .element("NextPartNumberMarker", next)
                .element("MaxParts", max)
                .element("IsTruncated", truncated);
        for (PartInfo p : parts) {
            xml.start("Part")
                    .element("PartNumber", p.partNumber())
                    .element("LastModified", p.lastModified())
                    .element("ETag", ETags.quote(p.etag()))
                    .element("Size", p.size());
            if (alg != null) xml.element("Checksum" + alg.name(), p.checksumValue());
            xml.end();
        }
        OwnerXml.write(xml, "Initiator", ctx.settings());
        OwnerXml.write(xml, "Owner", ctx.settings());
        xml.element("StorageClass", upload.metadata().storageClass());
        if (alg != null) {
            xml.element("ChecksumAlgorithm", alg.name());
            if (upload.metadata().checksumType() != null) {
                xml.element("ChecksumType", upload.metadata().checksumType().name());
            }
        }
        return S3Response.xml(200, xml.toBytes());
    }
}
