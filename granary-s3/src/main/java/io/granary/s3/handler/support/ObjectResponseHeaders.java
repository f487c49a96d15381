package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

import io.granary.s3.checksum.Checksums;
import io.granary.s3.http.QueryString;
import io.granary.s3.http.S3Response;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;

import java.util.Map;

/**
 * Writes the headers S3 sends with an object (GetObject, HeadObject, and anything else describing one), so every
 * handler spells them the same way:
 * <ul>
 *   <li>{@link #apply}: ETag (quoted), Last-Modified (RFC 1123), Content-Type (binary/octet-stream when none was
 *       stored), Content-Encoding/-Disposition/-Language, Cache-Control, Expires (when stored), x-amz-meta-*,
 *       x-amz-storage-class unless STANDARD, x-amz-tagging-count when tagged, Accept-Ranges: bytes.</li>
 *   <li>{@link #applyPartsCount}: x-amz-mp-parts-count of a multipart object, for partNumber requests.</li>
 *   <li>{@link #applyChecksum}: x-amz-checksum-&lt;alg&gt; and x-amz-checksum-type; the caller decides whether
 *       they are due ({@link #checksumModeEnabled} and not a Range request).</li>
 *   <li>{@link #applyResponseOverrides}: the response-* query parameters of GetObject.</li>
 * </ul>
 * Content-Length and Content-Range are the caller's.
 */
public final class ObjectResponseHeaders {
    public static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    private static final Map<String, String> OVERRIDES = Map.of(
            "response-content-type", "Content-Type",
            "response-content-language", "Content-Language",
            "response-expires", "Expires",
            "response-cache-control", "Cache-Control",
            "response-content-disposition", "Content-Disposition",
            "response-content-encoding", "Content-Encoding");

    private ObjectResponseHeaders() {}

    /** The standard headers describing {@code info}. */
    public static void apply(S3Response r, ObjectInfo info) {
        ObjectMetadata m = info.metadata();
        r.header("ETag", ETags.quote(m.etag()));
        r.header("Last-Modified", HttpDates.format(info.lastModified()));
        r.header("Content-Type", m.contentType() == null ? DEFAULT_CONTENT_TYPE : m.contentType());
        r.header("Content-Encoding", m.contentEncoding());
        r.header("Content-Disposition", m.contentDisposition());
        r.header("Content-Language", m.contentLanguage());
        r.header("Cache-Control", m.cacheControl());
        r.header("Expires", m.expires());
        for (Map.Entry<String, String> e : m.userMetadata().entrySet()) {
            r.header("x-amz-meta-" + e.getKey(), e.getValue());
        }
        if (!"STANDARD".equals(m.storageClass())) r.header("x-amz-storage-class", m.storageClass());
        if (!m.tags().isEmpty()) r.header("x-amz-tagging-count", Integer.toString(m.tags().size()));
        r.header("Accept-Ranges", "bytes");
    }

    /** x-amz-mp-parts-count for a multipart object (nothing for a single-part one). */
    public static void applyPartsCount(S3Response r, ObjectMetadata m) {
        if (m.partCount() > 0) r.header("x-amz-mp-parts-count", Integer.toString(m.partCount()));
    }

    /**
     * The stored checksum. With {@code partNumber} (1-based) on a multipart object, the part's checksum if one was
     * stored, else nothing; otherwise the object's value (composite values keep their "-N").
     */
    public static void applyChecksum(S3Response r, ObjectMetadata m, Integer partNumber) {
        if (m.checksumAlgorithm() == null) return;
        String name = Checksums.headerName(m.checksumAlgorithm());
        if (partNumber != null && m.partCount() > 0) {
            int i = partNumber - 1;
            if (i >= 0 && i < m.partChecksums().size() && m.partChecksums().get(i) != null) {
                r.header(name, m.partChecksums().get(i));
            }
            return;
        }
        if (m.checksumValue() == null) return;
        r.header(name, m.checksumValue());
        if (m.checksumType() != null) r.header("x-amz-checksum-type", m.checksumType().name());
    }

    /** True when the request carries {@code x-amz-checksum-mode: ENABLED}. */
    public static boolean checksumModeEnabled(io.granary.s3.http.Headers headers) {
        String mode = headers.get("x-amz-checksum-mode");
        return mode != null && mode.trim().equalsIgnoreCase("ENABLED");
    }

    /** Replaces headers by the response-* query parameters present (GetObject on an authenticated request). */
    public static void applyResponseOverrides(S3Response r, QueryString query) {
        for (Map.Entry<String, String> e : OVERRIDES.entrySet()) {
            String v = query.get(e.getKey());
            if (v == null) continue;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "Header value contains a control character")
                            .with("ArgumentName", e.getKey());
                }
            }
            r.header(e.getValue(), v);
        }
    }
}
