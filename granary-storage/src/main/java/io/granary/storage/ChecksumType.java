package io.granary.storage;

/** Whether a checksum covers the whole object, or is a checksum of part checksums ("-N" suffixed). */
public enum ChecksumType {
    FULL_OBJECT, COMPOSITE
}
