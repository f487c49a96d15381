package io.granary.storage;

import java.time.Instant;

/** One stored object version: key, size, when it was committed, and its metadata. */
public record ObjectInfo(String bucket, String key, long size, Instant lastModified, ObjectMetadata metadata) {
    public String etag() {
        return metadata.etag();
    }
}
