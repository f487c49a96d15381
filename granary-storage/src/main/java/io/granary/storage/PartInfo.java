package io.granary.storage;

import java.time.Instant;

/** A stored part of a multipart upload. {@code checksumValue} is base64 or null. */
public record PartInfo(int partNumber, long size, String etag, String checksumValue, Instant lastModified) {}
