package io.granary.storage;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is stored beside an object's bytes. The storage engine persists it verbatim and does not interpret it,
 * except {@code partSizes} which readers use for {@code partNumber} reads.
 *
 * @param etag            the S3 ETag without quotes (hex MD5, or "hex-N" for multipart)
 * @param contentType     may be null; likewise every standard header below
 * @param userMetadata    x-amz-meta-* entries, names lower-case without the prefix, insertion-ordered
 * @param checksumAlgorithm null when the object has no additional checksum
 * @param checksumValue   base64 value, with "-N" for composite multipart checksums
 * @param partSizes       sizes of the parts of a multipart object in order, empty for a single-part object
 * @param partChecksums   per-part base64 checksum values (same order as partSizes), empty if none
 * @param storageClass    STANDARD unless a client asked for another
 */
public record ObjectMetadata(
        String etag,
        String contentType,
        String contentEncoding,
        String contentDisposition,
        String contentLanguage,
        String cacheControl,
        String expires,
        Map<String, String> userMetadata,
        ChecksumAlgorithm checksumAlgorithm,
        String checksumValue,
        ChecksumType checksumType,
        List<Long> partSizes,
        List<String> partChecksums,
        String storageClass,
        Map<String, String> tags) {

    public ObjectMetadata {
        userMetadata = userMetadata == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(userMetadata));
        partSizes = partSizes == null ? List.of() : List.copyOf(partSizes);
        partChecksums = partChecksums == null ? List.of() : List.copyOf(partChecksums);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        storageClass = Objects.requireNonNullElse(storageClass, "STANDARD");
    }

    /** Metadata with only an ETag, for tests and simple writers. */
    public static ObjectMetadata ofEtag(String etag) {
        return new ObjectMetadata(etag, null, null, null, null, null, null, Map.of(), null, null, null,
                List.of(), List.of(), null, Map.of());
    }

    public ObjectMetadata withEtag(String newEtag) {
        return new ObjectMetadata(newEtag, contentType, contentEncoding, contentDisposition, contentLanguage,
                cacheControl, expires, userMetadata, checksumAlgorithm, checksumValue, checksumType, partSizes,
                partChecksums, storageClass, tags);
    }

    public ObjectMetadata withTags(Map<String, String> newTags) {
        return new ObjectMetadata(etag, contentType, contentEncoding, contentDisposition, contentLanguage,
                cacheControl, expires, userMetadata, checksumAlgorithm, checksumValue, checksumType, partSizes,
                partChecksums, storageClass, newTags);
    }

    public int partCount() {
        return partSizes.size();
    }
}
