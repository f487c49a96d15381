package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.http.Headers;
import io.granary.s3.http.QueryString;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.ObjectMetadata;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link ObjectMetadata} an upload request (PutObject, CreateMultipartUpload, CopyObject with REPLACE)
 * asks for, from its headers:
 * <ul>
 *   <li>Content-Type, Content-Disposition, Content-Language, Cache-Control, Expires verbatim; Content-Encoding
 *       without the {@code aws-chunked} token when the body is aws-chunked, absent if nothing remains.</li>
 *   <li>x-amz-meta-* with names lower-cased (repeated names joined by ","); names plus values over 2 KB of UTF-8
 *       → MetadataTooLarge.</li>
 *   <li>x-amz-storage-class: one of {@link #STORAGE_CLASSES}, else InvalidStorageClass; STANDARD when absent.</li>
 *   <li>x-amz-tagging (URL-encoded {@code k=v&k2=v2}) into tags.</li>
 * </ul>
 * The ETag and checksums are left empty: the caller adds them with {@link #withDigests} once the body is read.
 */
public final class RequestMetadata {
    /** Maximum bytes of user metadata (names without the prefix, plus values). */
    public static final int MAX_USER_METADATA = 2048;
    public static final Set<String> STORAGE_CLASSES = Set.of("STANDARD", "REDUCED_REDUNDANCY", "STANDARD_IA",
            "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "DEEP_ARCHIVE", "GLACIER_IR", "EXPRESS_ONEZONE");
    private static final String META = "x-amz-meta-";

    private RequestMetadata() {}

    public static ObjectMetadata fromRequest(RequestContext ctx) {
        return fromHeaders(ctx.headers(), ctx.auth().awsChunked());
    }

    public static ObjectMetadata fromHeaders(Headers h, boolean awsChunked) {
        return new ObjectMetadata(null, h.get("content-type"), contentEncoding(h.get("content-encoding"), awsChunked),
                h.get("content-disposition"), h.get("content-language"), h.get("cache-control"), h.get("expires"),
                userMetadata(h), null, null, null, List.of(), List.of(), storageClass(h), tags(h));
    }

    /** x-amz-meta-* entries, names lower-case without the prefix, checked against the 2 KB limit. */
    public static Map<String, String> userMetadata(Headers h) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : h.entries()) {
            if (!e.getKey().startsWith(META)) continue;
            String name = e.getKey().substring(META.length()).toLowerCase(Locale.ROOT);
            meta.merge(name, e.getValue(), (a, b) -> a + "," + b);
        }
        long size = 0;
        for (Map.Entry<String, String> e : meta.entrySet()) {
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > MAX_USER_METADATA) {
            throw new S3Exception(S3Error.METADATA_TOO_LARGE)
                    .with("Size", Long.toString(size)).with("MaxSizeAllowed", Integer.toString(MAX_USER_METADATA));
        }
        return meta;
    }

    /** The requested storage class, STANDARD when absent; InvalidStorageClass when unknown. */
    public static String storageClass(Headers h) {
        String sc = h.get("x-amz-storage-class");
        if (sc == null) return "STANDARD";
        if (!STORAGE_CLASSES.contains(sc.trim())) throw new S3Exception(S3Error.INVALID_STORAGE_CLASS);
        return sc.trim();
    }

    /** Content-Encoding with "aws-chunked" dropped (when the body is aws-chunked); null if nothing remains. */
    public static String contentEncoding(String value, boolean awsChunked) {
        if (value == null) return null;
        if (!awsChunked) return value.isBlank() ? null : value;
        StringBuilder sb = new StringBuilder();
        for (String token : value.split(",")) {
            String t = token.trim();
            if (t.isEmpty() || t.equalsIgnoreCase("aws-chunked")) continue;
            if (!sb.isEmpty()) sb.append(',');
            sb.append(t);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** Tags from x-amz-tagging, insertion-ordered; empty when absent. */
    public static Map<String, String> tags(Headers h) {
        String v = h.get("x-amz-tagging");
        Map<String, String> tags = new LinkedHashMap<>();
        if (v == null || v.isEmpty()) return tags;
        for (Map.Entry<String, String> e : QueryString.parse(v).entries()) {
            if (tags.put(e.getKey(), e.getValue()) != null) {
                throw new io.granary.s3.S3Exception(io.granary.s3.S3Error.INVALID_TAG,
                        "Cannot provide multiple Tags with the same key");
            }
        }
        return io.granary.s3.handler.tagging.TagSet.validate(tags);
    }

    /** {@code m} with ETag and checksum filled in, as a single-part object (part lists empty); the rest unchanged. */
    public static ObjectMetadata withDigests(ObjectMetadata m, String etag, ChecksumAlgorithm algorithm,
                                             String checksumValue, ChecksumType checksumType) {
        return new ObjectMetadata(etag, m.contentType(), m.contentEncoding(), m.contentDisposition(),
                m.contentLanguage(), m.cacheControl(), m.expires(), m.userMetadata(), algorithm, checksumValue,
                algorithm == null ? null : checksumType, List.of(), List.of(), m.storageClass(), m.tags());
    }
}
