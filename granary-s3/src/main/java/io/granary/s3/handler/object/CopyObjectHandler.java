package io.granary.s3.handler.object;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.checksum.StreamingChecksum;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.CopySource;
import io.granary.s3.handler.support.ETags;
import io.granary.s3.handler.support.RequestMetadata;
import io.granary.s3.handler.support.SegmentCopier;
import io.granary.s3.handler.support.WriteConditions;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.ObjectWriter;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;

import java.util.List;
import java.util.Map;

/**
 * CopyObject: copies the object named by {@code x-amz-copy-source} ({@link CopySource}, with the copy-source
 * conditions) to the request's key, streaming the source's file segments into a new writer ({@link SegmentCopier}).
 *
 * <ul>
 *   <li>x-amz-metadata-directive COPY (default: the source's content headers and user metadata) or REPLACE (from the
 *       request, {@link RequestMetadata}); anything else InvalidArgument. x-amz-tagging-directive likewise for tags.
 *       The storage class is the request's (STANDARD when absent), as in S3.</li>
 *   <li>Copying an object onto itself is InvalidRequest unless the metadata is replaced, the storage class changes
 *       or a checksum algorithm is asked for.</li>
 *   <li>Sources over 5 GiB are InvalidRequest (S3 requires UploadPartCopy for those).</li>
 *   <li>ETag: MD5 of the copied bytes (equal to the source's for a single-part source; recomputed for a multipart
 *       one). Checksum: x-amz-checksum-algorithm if given (computed); else the source's full-object checksum;
 *       composite ones are dropped.</li>
 *   <li>Destination write conditions (If-None-Match: *, If-Match) as for PutObject.</li>
 * </ul>
 * Response 200 with {@code CopyObjectResult} (LastModified, ETag, Checksum*, ChecksumType).
 */
public final class CopyObjectHandler implements Handler {
    /** S3's largest CopyObject source: 5 GiB. */
    public static final long MAX_COPY_SIZE = 5L << 30;

    @Override
    public S3Response handle(RequestContext ctx) {
        CopySource source = CopySource.fromRequest(ctx);
        boolean replaceMetadata = directive(ctx, "x-amz-metadata-directive");
        boolean replaceTags = directive(ctx, "x-amz-tagging-directive");
        ChecksumAlgorithm algorithm = checksumAlgorithm(ctx.header("x-amz-checksum-algorithm"));
        ObjectMetadata requested = RequestMetadata.fromRequest(ctx);

        try (ObjectReader reader = source.open(ctx)) {
            ObjectInfo src = reader.info();
            ObjectMetadata sm = src.metadata();
            boolean self = source.bucket().equals(ctx.bucket()) && source.key().equals(ctx.key());
            boolean classChanges = ctx.header("x-amz-storage-class") != null
                    && !requested.storageClass().equals(sm.storageClass());
            if (self && !replaceMetadata && !classChanges && algorithm == null) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "This copy request is illegal because it is trying to "
                        + "copy an object to itself without changing the object's metadata, storage class, website "
                        + "redirect location or encryption attributes.");
            }
            if (src.size() > MAX_COPY_SIZE) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "The specified copy source is larger than the maximum "
                        + "allowable size for a copy source: " + MAX_COPY_SIZE);
            }
            WriteCondition condition = WriteConditions.forRequest(ctx);
            ObjectMetadata base = replaceMetadata ? requested : copied(sm, requested);
            Map<String, String> tags = replaceTags ? requested.tags() : sm.tags();
            ObjectInfo info = copy(ctx, reader, src, withTags(base, tags), algorithm, condition);
            return response(info);
        }
    }

    private static ObjectInfo copy(RequestContext ctx, ObjectReader reader, ObjectInfo src, ObjectMetadata base,
                                   ChecksumAlgorithm algorithm, WriteCondition condition) {
        ObjectMetadata sm = src.metadata();
        StreamingChecksum md5 = Checksums.md5();
        StreamingChecksum extra = algorithm == null ? null : Checksums.newChecksum(algorithm);
        ObjectWriter writer = ctx.store().newObjectWriter(ctx.bucket(), ctx.key());
        try {
            StreamingChecksum[] digests = extra == null ? new StreamingChecksum[] {md5}
                    : new StreamingChecksum[] {md5, extra};
            SegmentCopier.copy(reader, 0, src.size(), writer::write, digests);
            ChecksumAlgorithm alg = algorithm;
            String value = extra == null ? null : Checksums.base64(extra.finish());
            if (alg == null && sm.checksumAlgorithm() != null && sm.checksumValue() != null
                    && sm.checksumType() != ChecksumType.COMPOSITE && !sm.checksumValue().contains("-")) {
                alg = sm.checksumAlgorithm();
                value = sm.checksumValue();
            }
            ObjectMetadata m = RequestMetadata.withDigests(base, Checksums.hex(md5.finish()), alg, value,
                    ChecksumType.FULL_OBJECT);
            try {
                return writer.commit(m, condition);
            } catch (StorageException e) {
                throw WriteConditions.onCommitFailure(ctx, e);
            }
        } catch (RuntimeException | Error e) {
            writer.abort();
            throw e;
        }
    }

    private static S3Response response(ObjectInfo info) {
        ObjectMetadata m = info.metadata();
        XmlWriter xml = new XmlWriter().root("CopyObjectResult")
                .element("LastModified", info.lastModified())
                .element("ETag", ETags.quote(info.etag()));
        if (m.checksumAlgorithm() != null && m.checksumValue() != null) {
            xml.element("Checksum" + m.checksumAlgorithm().name(), m.checksumValue());
            xml.element("ChecksumType", ChecksumType.FULL_OBJECT.name());
        }
        return S3Response.xml(200, xml.toBytes());
    }

    /** The source's content headers and user metadata, with the request's storage class. */
    private static ObjectMetadata copied(ObjectMetadata sm, ObjectMetadata requested) {
        return new ObjectMetadata(null, sm.contentType(), sm.contentEncoding(), sm.contentDisposition(),
                sm.contentLanguage(), sm.cacheControl(), sm.expires(), sm.userMetadata(), null, null, null,
                List.of(), List.of(), requested.storageClass(), Map.of());
    }

    private static ObjectMetadata withTags(ObjectMetadata m, Map<String, String> tags) {
        return new ObjectMetadata(m.etag(), m.contentType(), m.contentEncoding(), m.contentDisposition(),
                m.contentLanguage(), m.cacheControl(), m.expires(), m.userMetadata(), m.checksumAlgorithm(),
                m.checksumValue(), m.checksumType(), m.partSizes(), m.partChecksums(), m.storageClass(), tags);
    }

    /** True for REPLACE, false for COPY or absent; InvalidArgument otherwise. */
    static boolean directive(RequestContext ctx, String header) {
        String v = ctx.header(header);
        if (v == null || v.equals("COPY")) return false;
        if (v.equals("REPLACE")) return true;
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Unknown " + (header.contains("tagging") ? "tagging"
                : "metadata") + " directive.").with("ArgumentName", header).with("ArgumentValue", v);
    }

    static ChecksumAlgorithm checksumAlgorithm(String header) {
        if (header == null) return null;
        ChecksumAlgorithm a = Checksums.parseAlgorithm(header);
        if (a == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Checksum algorithm provided is unsupported. Please try "
                    + "again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        return a;
    }
}
