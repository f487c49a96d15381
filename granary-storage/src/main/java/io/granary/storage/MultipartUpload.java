package io.granary.storage;

import java.time.Instant;

/** An upload in progress: the metadata given at creation (the ETag in it is empty). */
public record MultipartUpload(String bucket, String key, String uploadId, Instant initiated, ObjectMetadata metadata) {}
